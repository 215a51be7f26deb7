// The Home tab opened: publish the viewer's open incidents and pending proposals, built afresh each time.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import { publishHome } from '../home.js';
import { afterPendingAcks } from '../turns.js';
import { HomeOpened } from './schema.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = HomeOpened.safeParse(event);
    if (!parsed.success || parsed.data.tab !== 'home') return;
    await afterPendingAcks();
    await publishHome(client, services, parsed.data.userId, logger);
  });
}
