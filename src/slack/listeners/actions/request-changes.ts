// The Request changes button: opens the modal asking what should change, for approvers; its submission asks for the
// revision (views/revise.ts).
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { REQUEST_CHANGES } from '../../ids.js';
import type { SlackServices } from '../../service/index.js';
import { registerModalButton } from './modal-button.js';

export function register(app: App, services: SlackServices, logger: Logger, command: string): void {
  registerModalButton(app, services, logger, { kind: 'revise', actionId: REQUEST_CHANGES, command });
}
