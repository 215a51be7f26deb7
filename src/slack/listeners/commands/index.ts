// Slash command listeners.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as clopus from './clopus.js';

export function register(app: App, services: SlackServices, logger: Logger, command: string): void {
  clopus.register(app, services, logger, command);
}
