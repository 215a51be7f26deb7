// `@clopus …` in a channel: in an incident's thread a question about it (or an approver's change request); anywhere
// else a question about the incident it names, or a hint. Bolt acks events itself; the work waits for its turn.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../service/index.js';
import { afterPendingAcks } from '../turns.js';
import { deliver } from './deliver.js';
import { BotEvent, withoutBotMention } from './schema.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const parsed = BotEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.map((i) => i.message) }, 'ignoring a mention Clopus cannot read');
      return;
    }
    const m = parsed.data;
    // A bot's message (Clopus's own too) is never answered, so two bots cannot talk each other into a loop.
    if (m.from !== 'person' || m.userId === context.botUserId) return;
    await afterPendingAcks();
    const where = { channel: m.channel, threadTs: m.threadTs ?? m.ts, userId: m.userId, dm: false };
    await deliver(client, logger, where, (hooks) =>
      services.ask(
        {
          userId: m.userId,
          text: withoutBotMention(m.text, context.botUserId),
          channel: m.channel,
          threadTs: m.threadTs,
          where: 'mention',
        },
        hooks,
      ),
    );
  });
}
