// Modal submissions (view_submission): Request changes and Reject, and one that acks any other modal.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as reject from './reject.js';
import * as revise from './revise.js';
import * as unknown from './unknown.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  for (const listener of [revise, reject]) listener.register(app, services, logger);
  unknown.register(app, logger);
}
