// Button listeners: Approve, Reject and Rollback.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as approve from './approve.js';
import * as reject from './reject.js';
import * as rollback from './rollback.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  for (const listener of [approve, reject, rollback]) listener.register(app, services, logger);
}
