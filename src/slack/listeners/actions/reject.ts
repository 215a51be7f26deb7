// The Reject button: opens the Reject modal (an optional reason) for approvers; its submission decides (views/reject.ts).
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { ACTION } from '../../ids.js';
import type { SlackServices } from '../../service/index.js';
import { registerModalButton } from './modal-button.js';

export function register(app: App, services: SlackServices, logger: Logger, command: string): void {
  registerModalButton(app, services, logger, { kind: 'reject', actionId: ACTION.reject, command });
}
