// Finding a message an earlier attempt may have posted: every post carries its outbox key in Slack message
// metadata, so a post whose outcome is unknown (a 5xx, a timeout, a crash mid-call) is looked for before it is sent
// again. That is what makes "posted once" hold across failures and restarts.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { classifyFailure } from './failure.js';

export const METADATA_EVENT = 'clopus_outbox';

export const metadataFor = (key: string, incidentId: number | null) => ({
  event_type: METADATA_EVENT,
  event_payload: { key, ...(incidentId === null ? {} : { incident_id: incidentId }) },
});

interface Listed {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

const isChannelId = (channel: string): boolean => /^[CGD][A-Z0-9]{2,}$/.test(channel);

/**
 * The ts of the message posted with `key`, if Slack has it. Reads the thread (replies) or the channel's recent
 * history. Undefined when it is not there, or when looking is impossible (a #name channel, a missing scope): then
 * the caller posts, preferring a rare duplicate to a lost message. A look that fails for now (a 5xx, a 429, the
 * network) throws, so the item waits and looks again: posting then would duplicate whenever Slack had posted.
 */
export async function findPosted(
  client: webApi.WebClient,
  logger: Logger,
  q: { channel: string; key: string; threadTs?: string; since: string },
): Promise<string | undefined> {
  if (!isChannelId(q.channel)) {
    logger.warn(
      { channel: q.channel, key: q.key },
      'cannot look for a possibly posted message in a channel named by #name; posting again',
    );
    return undefined;
  }
  const oldest = String(Math.floor(Date.parse(q.since) / 1000) - 600);
  try {
    const res = q.threadTs
      ? await client.conversations.replies({
          channel: q.channel,
          ts: q.threadTs,
          oldest,
          include_all_metadata: true,
          limit: 200,
        })
      : await client.conversations.history({ channel: q.channel, oldest, include_all_metadata: true, limit: 200 });
    const messages = (res.messages ?? []) as Listed[];
    return messages.find((m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === q.key)
      ?.ts;
  } catch (err) {
    const failure = classifyFailure(err);
    if (failure.kind === 'retry' && !failure.slow) throw err;
    logger.warn({ channel: q.channel, key: q.key, err }, 'looking for a possibly posted message failed; posting again');
    return undefined;
  }
}
