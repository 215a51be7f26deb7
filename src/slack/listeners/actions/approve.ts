// The Approve (or Open PR) and "Live patch now + PR" buttons: ack, then the decision service (approvers only; one decision per proposal however often clicked).
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import { registerDecisionButton } from './decide-button.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  registerDecisionButton(app, services, logger, 'approve');
  registerDecisionButton(app, services, logger, 'approve', { live: true });
}
