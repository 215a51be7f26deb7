// What Slack sends an app besides clicks and commands: a modal's view_submission (built from the view the app opened,
// with the person's input filled in by action_id), and Events API callbacks (app_mention, message.im,
// app_home_opened), delivered over HTTP (signed JSON) or a Socket Mode envelope.
import type { SlackFake } from './fake.js';
import { postSigned, signedHeaders, TEAM } from './requests.js';
import type { JsonObject } from './types.js';
import type { FakeView } from './views-api.js';

type Obj = JsonObject;

/**
 * The view_submission payload for `view` as Slack builds it: `state.values[block_id][action_id]` for every input
 * block, taking the value from `values` (keyed by action_id, then block_id) or the input's initial_value.
 */
export function viewSubmissionPayload(
  view: FakeView,
  o: { userId?: string; values?: Record<string, string> } = {},
): Obj {
  const userId = o.userId ?? view.userId;
  const values: Obj = {};
  for (const b of (view.view.blocks ?? []) as Obj[]) {
    if (b.type !== 'input' || !b.element) continue;
    const actionId = b.element.action_id ?? 'input';
    const value = o.values?.[actionId] ?? o.values?.[b.block_id] ?? b.element.initial_value ?? null;
    values[b.block_id ?? actionId] = { [actionId]: { type: b.element.type, value } };
  }
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.submit`,
    view: {
      id: view.id,
      team_id: TEAM,
      type: 'modal',
      hash: view.hash,
      ...view.view,
      state: { values },
      app_id: 'A0FAKE',
      bot_id: 'B0CLOPUS',
      root_view_id: view.id,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/**
 * Submits an open modal as a person would, over HTTP to `target.eventsUrl` or over the fake's Socket Mode
 * connection, and answers with what the app acked (`response_action: 'errors'` with `errors` when it refused).
 */
export async function submitView(
  fake: SlackFake,
  view: FakeView,
  o: { userId?: string; values?: Record<string, string>; eventsUrl?: string },
): Promise<{ status: number; ack: Obj }> {
  const payload = viewSubmissionPayload(view, o);
  let result: { status: number; ack: Obj };
  if (o.eventsUrl) {
    const res = await postSigned(o.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    result = { status: res.status, ack: res.text ? safeJson(res.text) : {} };
  } else {
    const sent = fake.sendEnvelope('interactive', payload);
    const ack = await withTimeout(sent.ack, 10_000, 'the view_submission ack');
    result = { status: 200, ack: (ack.payload ?? {}) as Obj };
  }
  if (!(result.ack.response_action === 'errors')) view.state = 'submitted';
  return result;
}

function safeJson(text: string): Obj {
  try {
    return JSON.parse(text) as Obj;
  } catch {
    return { text };
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let events = 0;

/** An Events API callback around `event`, as Slack posts it. */
export function eventBody(event: Obj): Obj {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: `Ev${String(++events).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: 'U0CLOPUS', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${events}`,
  };
}

/**
 * An `app_mention` as Slack sends it: the text starts with the bot's mention `<@U0CLOPUS>`. The message is also
 * recorded in the fake (userPost), so conversations.replies sees it.
 */
export function appMention(
  fake: SlackFake,
  o: { user: string; text: string; channel: string; threadTs?: string },
): Obj {
  const text = `<@U0CLOPUS> ${o.text}`;
  const ts = fake.userPost({ channel: o.channel, user: o.user, text, ...(o.threadTs ? { threadTs: o.threadTs } : {}) });
  return {
    type: 'app_mention',
    user: o.user,
    text,
    ts,
    channel: fake.channelId(o.channel),
    event_ts: ts,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    blocks: [],
  };
}

/** A direct message to the bot (`message` in an `im` channel, the message.im event). */
export function directMessage(fake: SlackFake, o: { user: string; text: string; channel?: string }): Obj {
  const channel = o.channel ?? `D${o.user.slice(1)}`;
  const ts = fake.userPost({ channel, user: o.user, text: o.text });
  return { type: 'message', channel_type: 'im', user: o.user, text: o.text, ts, channel, event_ts: ts };
}

/** The user opened the app's Home tab (or its Messages tab, `tab: 'messages'`). */
export function appHomeOpened(o: { user: string; tab?: 'home' | 'messages'; view?: Obj }): Obj {
  return {
    type: 'app_home_opened',
    user: o.user,
    channel: `D${o.user.slice(1)}`,
    tab: o.tab ?? 'home',
    event_ts: `${Date.now() / 1000}`,
    ...(o.view ? { view: o.view } : {}),
  };
}

/** Delivers an event: signed JSON to an HTTP receiver's URL, or an events_api envelope over Socket Mode. */
export async function postEvent(
  fake: SlackFake,
  event: Obj,
  o: { eventsUrl?: string } = {},
): Promise<{ status: number }> {
  const body = eventBody(event);
  if (o.eventsUrl) {
    const raw = JSON.stringify(body);
    const res = await fetch(o.eventsUrl, {
      method: 'POST',
      headers: signedHeaders(raw, { contentType: 'application/json' }),
      body: raw,
    });
    await res.text();
    return { status: res.status };
  }
  const sent = fake.sendEnvelope('events_api', body);
  await withTimeout(sent.ack, 10_000, `the ${String(event.type)} event's ack`);
  return { status: 200 };
}
