// Event listeners: mentions, DMs and the Home tab, each event handled once however often Slack delivers it. Bolt
// acks an event before any middleware or listener runs.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import * as directMessage from './direct-message.js';
import * as homeOpened from './home-opened.js';
import * as mention from './mention.js';
import { onlyOnce } from './once.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  app.use(onlyOnce(logger));
  for (const listener of [mention, directMessage, homeOpened]) listener.register(app, services, logger);
}
