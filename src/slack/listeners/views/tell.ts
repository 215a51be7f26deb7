// Telling the person who submitted a modal what came of it. A submission has no response_url, so the answer goes
// ephemerally where the button was clicked (the incident's thread), or as a direct message from the app when that
// is not possible (no channel known, or Slack refuses: the bot left the channel).
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { Reply } from '../../render/index.js';

export async function tell(
  client: webApi.WebClient,
  to: { userId: string; channel?: string | undefined; threadTs?: string | undefined },
  answer: Reply,
  logger: Logger,
): Promise<void> {
  const content = { text: answer.text, ...(answer.blocks ? { blocks: answer.blocks } : {}) };
  if (to.channel) {
    try {
      await client.chat.postEphemeral({
        channel: to.channel,
        user: to.userId,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
        ...content,
      });
      return;
    } catch (err) {
      logger.warn(
        { err, channel: to.channel },
        'showing the answer to a modal in its channel failed; sending it directly',
      );
    }
  }
  try {
    await client.chat.postMessage({ channel: to.userId, ...content });
  } catch (err) {
    logger.warn({ err, userId: to.userId }, 'telling the person the answer to their modal failed');
  }
}
