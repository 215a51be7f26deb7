// Sending a reply to the person who clicked or typed: through the payload's response_url, ephemeral unless public;
// a click without one (in the Home tab) is answered in the person's DM with the app instead.
import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Reply } from '../render/index.js';
import { tell } from './tell.js';

export async function reply(respond: RespondFn | undefined, answer: Reply, logger: Logger): Promise<void> {
  if (!respond) {
    logger.warn('a Slack request came without a response_url; the reply was not shown');
    return;
  }
  try {
    await respond({
      response_type: answer.public ? 'in_channel' : 'ephemeral',
      replace_original: false,
      text: answer.text,
      ...(answer.blocks ? { blocks: answer.blocks } : {}),
    });
  } catch (err) {
    logger.warn({ err }, 'replying in Slack failed');
  }
}

/** Answers a click: through its response_url when it has one, else (a Home tab click) by DM to `userId`. */
export async function replyToClick(
  to: { respond: RespondFn | undefined; client: webApi.WebClient; userId: string | undefined },
  answer: Reply,
  logger: Logger,
): Promise<void> {
  if (to.respond || !to.userId) return reply(to.respond, answer, logger);
  await tell(to.client, { userId: to.userId }, answer, logger);
}
