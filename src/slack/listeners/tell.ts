// Telling a person what came of what they did when there is no response_url to answer through (a modal's
// submission, a click in the Home tab): ephemerally where they were (the incident's thread), or as a direct message
// from the app when that is not possible (no channel known, or Slack refuses: the bot left the channel).
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Reply } from '../render/index.js';

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
      logger.warn({ err, channel: to.channel }, 'showing an answer in its channel failed; sending it directly');
    }
  }
  try {
    // A user ID as the channel is the person's DM with the app (Slack opens it if need be).
    await client.chat.postMessage({ channel: to.userId, ...content, unfurl_links: false, unfurl_media: false });
  } catch (err) {
    logger.warn({ err, userId: to.userId }, 'telling the person the answer directly failed');
  }
}
