// Showing the answer to a message: in its thread (or the DM), through the bot's WebClient directly rather than the
// outbox. The outbox keeps an incident's messages in order and retries them for as long as it takes; an answer is
// a reply to someone waiting now, must not queue behind (or hold up) a long diff, and is worth little an hour late.
// So one attempt, a log line if Slack refuses it, and the person can ask again.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { AskHooks } from '../../../runner/index.js';
import type { Reply } from '../../render/index.js';

export interface Where {
  channel: string;
  /** Answer in this thread (a mention's thread, or the mention itself as the thread's start). */
  threadTs?: string | undefined;
  userId: string;
  /** A DM: everything is a plain message there (ephemerals in a DM only confuse). */
  dm: boolean;
}

const WORKING = ':hourglass_flowing_sand: Looking into it…';

/**
 * Runs `answer` and shows what it says: a public reply in the thread (replacing the "looking into it" note that is
 * posted when the model starts), anything else only to the person who asked. Never throws.
 */
export async function deliver(
  client: webApi.WebClient,
  logger: Logger,
  where: Where,
  answer: (hooks: AskHooks) => Promise<Reply>,
): Promise<void> {
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  let working: string | undefined;
  const hooks: AskHooks = {
    beforeModel: async () => {
      try {
        const res = await client.chat.postMessage({ channel: where.channel, text: WORKING, ...thread });
        working = res.ts;
      } catch (err) {
        logger.warn({ err, channel: where.channel }, 'posting the "looking into it" note failed');
      }
    },
  };
  const reply = await answer(hooks);
  const body = { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
  try {
    if (working) await client.chat.update({ channel: where.channel, ts: working, ...body });
    else if (reply.public || where.dm)
      await client.chat.postMessage({
        channel: where.channel,
        ...body,
        ...thread,
        // Model text may hold URLs: no previews of pages nobody chose to share.
        unfurl_links: false,
        unfurl_media: false,
      });
    else await client.chat.postEphemeral({ channel: where.channel, user: where.userId, ...body, ...thread });
  } catch (err) {
    logger.warn({ err, channel: where.channel, userId: where.userId }, 'showing the answer in Slack failed');
  }
}
