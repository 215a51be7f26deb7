// Button listeners: Approve, Request changes, Reject and Rollback, and one that acks any other button.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as approve from './approve.js';
import * as reject from './reject.js';
import * as requestChanges from './request-changes.js';
import * as rollback from './rollback.js';
import * as unknown from './unknown.js';

export function register(app: App, services: SlackServices, logger: Logger, command: string): void {
  for (const listener of [approve, requestChanges, reject, rollback]) listener.register(app, services, logger, command);
  unknown.register(app, logger, command);
}
