// Slack delivers an event again when it thinks the first delivery went unacknowledged, with the same event_id (over
// HTTP with x-slack-retry-num; over Socket Mode as a new envelope). Through Bolt's real receivers in both modes
// against the Slack fake: a mention delivered twice is answered once, and two mentions with the same words are two.
import { afterEach, describe, expect, it } from 'vitest';
import { SeenEvents } from '../../src/slack/listeners/events/seen.js';
import { appMention, eventBody, signedHeaders } from '../fakes/slack.js';
import { stillFalse, waitFor } from '../helpers/wait.js';
import { newIncident } from '../store/fixtures.js';
import { ALICE, CHANNEL, type Decisions, refuseAll, type SlackHarness, startSlackHarness } from './harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Arranged {
  h: SlackHarness;
  /** The incident message's ts: mentions in its thread are about the incident. */
  threadTs: string;
  requests: string[];
}

async function arrange(mode: 'http' | 'socket'): Promise<Arranged> {
  const requests: string[] = [];
  const decisions: Decisions = {
    ...refuseAll,
    requestChanges: async (incidentId, actor, _via, request) => {
      requests.push(request);
      return {
        ok: true,
        outcome: 'revision_requested',
        incidentId,
        message: `Changes requested by ${actor} (revision ${requests.length} of 3): a revised proposal is being prepared.`,
      } as never;
    },
  };
  h = await startSlackHarness({ mode, decisions });
  const id = h.store.createIncident(newIncident(), 'detector').id;
  h.slack.sync(id, { post: true });
  const threadTs = await waitFor(() => h!.store.getIncident(id)?.slackTs, { what: 'the incident message' });
  return { h, threadTs, requests };
}

/** Delivers one Events API body as Slack does, the retry header set on a redelivery over HTTP. */
async function deliver(h: SlackHarness, body: Record<string, unknown>, retryNum?: number): Promise<void> {
  if (h.mode === 'socket') {
    await h.fake.sendEnvelope('events_api', body).ack;
    return;
  }
  const raw = JSON.stringify(body);
  const retry: Record<string, string> =
    retryNum === undefined ? {} : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' };
  const res = await fetch(h.eventsUrl, {
    method: 'POST',
    headers: { ...signedHeaders(raw, { contentType: 'application/json' }), ...retry },
    body: raw,
  });
  await res.text();
  if (res.status !== 200) throw new Error(`the event was answered ${res.status}`);
}

const answers = (a: Arranged) =>
  a.h.fake.thread(a.threadTs).filter((m) => m.user === undefined && m.text.includes('Changes requested'));

const mention = (a: Arranged, text: string) =>
  eventBody(appMention(a.h.fake, { user: ALICE, text, channel: CHANNEL, threadTs: a.threadTs }));

describe.each(['http', 'socket'] as const)('events delivered again (%s mode)', (mode) => {
  it('answers a mention delivered twice with the same event_id once', async () => {
    const a = await arrange(mode);
    const body = mention(a, 'revise: use 256Mi');

    await deliver(a.h, body);
    await deliver(a.h, body, 1);
    await waitFor(() => answers(a)[0], { what: 'the answer in the thread' });
    await stillFalse(() => answers(a).length > 1, 500, { what: 'a second answer' });

    expect(answers(a)).toHaveLength(1);
    expect(a.requests).toEqual(['use 256Mi']);
  });

  it('answers two mentions with the same words, each its own event, twice', async () => {
    const a = await arrange(mode);

    await deliver(a.h, mention(a, 'revise: use 256Mi'));
    await deliver(a.h, mention(a, 'revise: use 256Mi'));

    await waitFor(() => answers(a).length === 2, { what: 'two answers in the thread', detail: () => answers(a) });
    expect(a.requests).toEqual(['use 256Mi', 'use 256Mi']);
  });
});

describe('the event ids remembered', () => {
  it('drops a redelivery within ten minutes, and forgets an id after that or after 1000 newer ones', () => {
    let now = 0;
    const seen = new SeenEvents({ now: () => now });

    const first = seen.first('Ev1');
    now = 9 * 60_000;
    const retried = seen.first('Ev1');
    now = 10 * 60_000;
    const late = seen.first('Ev1');
    for (let i = 0; i < 1000; i++) seen.first(`Ev-other-${i}`);
    const afterFlood = seen.first('Ev1');
    const newest = seen.first('Ev-other-999');

    expect([first, retried, late, afterFlood, newest]).toEqual([true, false, true, true, false]);
  });
});
