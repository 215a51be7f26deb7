// `/clopus …`: ack at once (Slack gives three seconds), then run the subcommand and reply.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { notice, text } from '../../render/index.js';
import { SlashCommand } from '../../schema.js';
import type { SlackServices } from '../../service/index.js';
import { reply } from '../respond.js';
import { afterPendingAcks } from '../turns.js';

export function register(app: App, services: SlackServices, logger: Logger, command: string): void {
  app.command(command, async ({ ack, body, respond }) => {
    await ack();
    await afterPendingAcks();
    const parsed = SlashCommand.safeParse(body);
    if (!parsed.success) {
      logger.warn(
        { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        'ignoring a slash command Clopus cannot read',
      );
      await reply(respond, notice(text('Clopus could not read that command.')), logger);
      return;
    }
    await reply(
      respond,
      await services.command(parsed.data.text, { userId: parsed.data.userId, channelId: parsed.data.channelId }),
      logger,
    );
  });
}
