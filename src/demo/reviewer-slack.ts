// The demo reviewer's hands in the Slack fake: it reads the buttons the app posted in an incident's thread, clicks
// one (a signed block_actions POST to the app's HTTP receiver, as Slack sends it), and fills in and submits the modal
// the app opened (a signed view_submission). It knows only what a person in Slack would: the messages and modals.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  appMention,
  buttonPayload,
  eventBody,
  type FakeMessage,
  type FakeView,
  interactionBody,
  type JsonObject,
  postSigned,
  type SlackFake,
  signedHeaders,
  viewSubmissionPayload,
} from '../sandbox/index.js';

/** What the app puts on a proposal's buttons and modals (the wire contract, as the reviewer sees it in Slack). */
export const WIRE = {
  approve: 'clopus_approve',
  requestChanges: 'clopus_request_changes',
  revise: { callbackId: 'clopus_revise', input: 'request' },
} as const;

export interface ReviewerHands {
  fake: SlackFake;
  /** The app's HTTP receiver, e.g. http://127.0.0.1:PORT/slack/events. */
  eventsUrl: string;
  signingSecret: string;
  userId: string;
}

/** Polls `probe` until it answers; throws, saying what was awaited, when `timeoutMs` runs out. */
export async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(100);
  }
}

const buttonsOf = (m: FakeMessage): JsonObject[] =>
  (m.blocks ?? [])
    .flatMap((b: JsonObject) => (b.type === 'actions' ? (b.elements ?? []) : b.accessory ? [b.accessory] : []))
    .filter((e: JsonObject) => e?.type === 'button');

/** The message in the incident's thread with the button `actionId` for `proposalId` (its value names both). */
export function findButton(
  fake: SlackFake,
  threadTs: string,
  incidentId: number,
  proposalId: number,
  actionId: string,
): { message: FakeMessage; value: string } | undefined {
  for (const message of fake.thread(threadTs)) {
    const button = buttonsOf(message).find(
      (b) => b.action_id === actionId && String(b.value ?? '').startsWith(`${incidentId}:${proposalId}:`),
    );
    if (button) return { message, value: String(button.value) };
  }
  return undefined;
}

async function post(hands: ReviewerHands, payload: unknown): Promise<{ status: number; text: string }> {
  const res = await postSigned(hands.eventsUrl, interactionBody(payload), { secret: hands.signingSecret });
  if (res.status !== 200)
    throw new Error(`the app answered ${res.status} to ${hands.userId}'s interaction: ${res.text.slice(0, 200)}`);
  return res;
}

/** Clicks a button as Slack delivers the click: the whole message, a fresh trigger_id and response_url. */
export async function click(
  hands: ReviewerHands,
  found: { message: FakeMessage; value: string },
  actionId: string,
): Promise<{ responseUrl: string }> {
  const { fake } = hands;
  const payload = buttonPayload(fake, {
    actionId,
    value: found.value,
    userId: hands.userId,
    channel: found.message.channel,
    messageTs: found.message.ts,
  });
  payload.message = { ts: found.message.ts, text: found.message.text, blocks: found.message.blocks ?? [] };
  await post(hands, payload);
  return { responseUrl: String(payload.response_url) };
}

/** What the app said back to a click (response_url posts and ephemerals), for a message when nothing else came. */
export function saidBack(hands: ReviewerHands, responseUrl: string): string {
  const replies = [
    ...hands.fake.responsesTo(responseUrl).map((b: JsonObject) => String(b.text ?? '')),
    ...hands.fake.ephemerals.filter((e) => e.user === hands.userId).map((e) => String(e.text ?? '')),
  ].filter((t) => t.length > 0);
  return replies.at(-1) ?? '';
}

/** The modal `callbackId` the app opened for the reviewer after `since` modals existed. */
export const openedModal = (hands: ReviewerHands, callbackId: string, since: number): FakeView | undefined =>
  hands.fake.views
    .modals()
    .slice(since)
    .find((v) => v.userId === hands.userId && v.state === 'open' && v.view.callback_id === callbackId);

/** Submits the modal with `values` by action_id; throws with the app's field errors if it refused them. */
export async function submit(hands: ReviewerHands, view: FakeView, values: Record<string, string>): Promise<void> {
  const res = await post(hands, viewSubmissionPayload(view, { userId: hands.userId, values }));
  const ack = res.text ? (JSON.parse(res.text) as JsonObject) : {};
  if (ack.response_action === 'errors')
    throw new Error(`the app refused the modal: ${Object.values(ack.errors ?? {}).join('; ')}`);
  view.state = 'submitted';
}

/**
 * Mentions the app in a thread, as Slack delivers an app_mention (signed JSON to the Events URL); answers the ts of
 * the person's message, so the reply after it can be found.
 */
export async function mention(hands: ReviewerHands, channel: string, threadTs: string, text: string): Promise<string> {
  const event = appMention(hands.fake, { user: hands.userId, text, channel, threadTs });
  const raw = JSON.stringify(eventBody(event));
  const res = await fetch(hands.eventsUrl, {
    method: 'POST',
    headers: signedHeaders(raw, { secret: hands.signingSecret, contentType: 'application/json' }),
    body: raw,
  });
  await res.text();
  if (res.status !== 200) throw new Error(`the app answered ${res.status} to ${hands.userId}'s mention`);
  return String(event.ts);
}

/**
 * The app's first reply in the thread after the message at `afterTs` (a person's messages have a user), or one shown
 * only to `userId` there (a refusal is ephemeral, to spare the channel) among the ephemerals from `ephemeralsFrom` on.
 */
export function replyAfter(
  hands: ReviewerHands,
  threadTs: string,
  afterTs: string,
  ephemeralsFrom: number,
): { text: string; ephemeral: boolean } | undefined {
  const posted = hands.fake
    .thread(threadTs)
    .find((m) => !m.user && Number(m.ts) > Number(afterTs) && !/Looking into it/i.test(m.text));
  if (posted) return { text: posted.text, ephemeral: false };
  const shown = hands.fake.ephemerals
    .slice(ephemeralsFrom)
    .find((e) => e.user === hands.userId && e.thread_ts === threadTs);
  return shown ? { text: String(shown.text ?? ''), ephemeral: true } : undefined;
}

/** Slack's mrkdwn escapes (&, <, >) undone, for a terminal. */
export const unescapeMrkdwn = (s: string): string =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The "What changed since proposal #N" section of a revised proposal's message, as lines. */
export function whatChanged(message: FakeMessage): string[] | undefined {
  for (const b of (message.blocks ?? []) as JsonObject[]) {
    const text = b.type === 'section' ? String(b.text?.text ?? '') : '';
    if (!text.startsWith('*What changed since proposal')) continue;
    const [title, ...rest] = unescapeMrkdwn(text).split('\n');
    return [title!.replaceAll('*', ''), ...rest.filter((l) => l !== '```')];
  }
  return undefined;
}
