// Event listeners: mentions, DMs and the Home tab. Bolt acks an event before any listener runs.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as directMessage from './direct-message.js';
import * as homeOpened from './home-opened.js';
import * as mention from './mention.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  for (const listener of [mention, directMessage, homeOpened]) listener.register(app, services, logger);
}
