// The Web API methods the Slack fake answers, over its recorded state. Tokens are checked as Slack does: the app
// token for apps.connections.open, the bot token for everything else.
import type { SlackFake } from './fake.js';
import type { FakeMessage, JsonObject } from './types.js';

const listed = (m: FakeMessage, withMetadata: boolean): Record<string, unknown> => ({
  type: 'message',
  ts: m.ts,
  text: m.text,
  ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
});

function blocksText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blocksText(v), 0);
  if (!value || typeof value !== 'object') return 0;
  return Object.entries(value).reduce(
    (n: number, [k, v]) => n + (k === 'text' && typeof v === 'string' ? v.length : blocksText(v)),
    0,
  );
}

/** What Slack says about a message too big to take, if it is (see SlackFake.limits). */
function tooLong(fake: SlackFake, p: JsonObject): string | undefined {
  if (Array.isArray(p.blocks) && blocksText(p.blocks) > fake.limits.blocksText) return 'msg_blocks_too_long';
  if (typeof p.text === 'string' && p.text.length > fake.limits.text) return 'msg_too_long';
  return undefined;
}

export function performWebApi(
  fake: SlackFake,
  method: string,
  p: JsonObject,
  token: string | undefined,
): Record<string, unknown> {
  if (method === 'apps.connections.open') {
    if (!token || !fake.appTokens.has(token)) return { ok: false, error: 'invalid_auth' };
    fake.connectionsOpened++;
    return { ok: true, url: `${fake.url.replace(/^http/, 'ws')}/link/?ticket=${fake.connectionsOpened}` };
  }
  if (token === undefined || !fake.botTokens.has(token))
    return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
  const withMetadata = p.include_all_metadata === 'true';
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://fake.slack.com/',
        team: 'Fake',
        user: 'clopus',
        team_id: 'T0FAKE',
        user_id: 'U0CLOPUS',
        bot_id: 'B0CLOPUS',
      };
    case 'chat.postMessage': {
      if (!p.channel) return { ok: false, error: 'channel_not_found' };
      if (!p.text && !p.blocks) return { ok: false, error: 'no_text' };
      const postRefused = tooLong(fake, p);
      if (postRefused) return { ok: false, error: postRefused };
      const channel = fake.channelId(p.channel);
      if (p.thread_ts && !fake.messages.some((m) => m.channel === channel && m.ts === p.thread_ts))
        return { ok: false, error: 'thread_not_found' };
      const msg: FakeMessage = {
        channel,
        ts: fake.nextTs(),
        text: p.text ?? '',
        updates: 0,
        ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}),
        ...(p.blocks ? { blocks: p.blocks } : {}),
        ...(p.metadata ? { metadata: p.metadata } : {}),
      };
      fake.messages.push(msg);
      return { ok: true, channel, ts: msg.ts, message: { text: msg.text, ts: msg.ts } };
    }
    case 'chat.update': {
      const msg = fake.messages.find((m) => m.channel === p.channel && m.ts === p.ts);
      if (!msg) return { ok: false, error: 'message_not_found' };
      const updateRefused = tooLong(fake, p);
      if (updateRefused) return { ok: false, error: updateRefused };
      msg.text = p.text ?? msg.text;
      if (p.blocks !== undefined) msg.blocks = p.blocks;
      msg.updates++;
      return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text };
    }
    case 'chat.postEphemeral':
      fake.ephemerals.push(p);
      return { ok: true, message_ts: fake.nextTs() };
    case 'conversations.history': {
      const oldest = Number(p.oldest ?? 0);
      const messages = fake
        .topLevel(p.channel)
        .filter((m) => Number(m.ts) >= oldest)
        .reverse();
      return { ok: true, messages: messages.map((m) => listed(m, withMetadata)), has_more: false };
    }
    case 'conversations.replies': {
      const parent = fake.messages.find((m) => m.channel === p.channel && m.ts === p.ts);
      if (!parent) return { ok: false, error: 'thread_not_found' };
      return {
        ok: true,
        messages: [parent, ...fake.thread(p.ts)].map((m) => listed(m, withMetadata)),
        has_more: false,
      };
    }
    case 'usergroups.users.list': {
      const users = fake.usergroups.get(p.usergroup);
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    }
    default:
      return fake.views.perform(method, p) ?? { ok: false, error: 'unknown_method' };
  }
}
