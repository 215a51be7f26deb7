// Sending a reply to the person who clicked or typed: through the payload's response_url, ephemeral unless public.
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Reply } from '../render/index.js';

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
