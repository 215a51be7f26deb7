// A DM to the bot (message.im) naming an incident, "#12 why …": answered in the DM. Other messages Bolt hands the
// `message` listener (channels the bot is in, edits, its own posts) are left alone.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import { afterPendingAcks } from '../turns.js';
import { deliver } from './deliver.js';
import { BotEvent, withoutBotMention } from './schema.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  app.event('message', async ({ event, client, context }) => {
    const parsed = BotEvent.safeParse(event);
    if (!parsed.success || parsed.data.channelType !== 'im') return;
    const m = parsed.data;
    if (m.from !== 'person' || m.userId === context.botUserId) return;
    await afterPendingAcks();
    const where = { channel: m.channel, userId: m.userId, dm: true };
    await deliver(client, logger, where, (hooks) =>
      services.ask(
        { userId: m.userId, text: withoutBotMention(m.text, context.botUserId), channel: m.channel, where: 'dm' },
        hooks,
      ),
    );
  });
}
