// Delivery through the outbox with the real WebClient (retries: 0) against the fake: 429s wait Retry-After, 5xx
// back off, an uncertain post is looked for before posting again, a restart resumes, order holds, pacing holds.
import { afterEach, describe, expect, it } from 'vitest';
import { incidentTarget } from '../../src/slack/index.js';
import { stillFalse, waitFor } from '../helpers/wait.js';
import { newIncident } from '../store/fixtures.js';
import { CHANNEL, type SlackHarness, startSlackHarness, yamlFile } from './harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const settled = (h: SlackHarness): boolean => h.store.listOutbox({ status: ['pending', 'sending'] }).length === 0;

function incident(h: SlackHarness, name: string, namespace = 'shop'): number {
  return h.store.createIncident(newIncident({ workloadName: name, namespace }), 'detector').id;
}

describe('outbox delivery', () => {
  it('posts once after a 429 (waiting its Retry-After) and two 500s', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { status: 429, retryAfter: 1 }, { status: 500 }, { status: 503 });
    const id = incident(h, 'web');

    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    const calls = h.fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 500, 503, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.store.outboxByKey(`post:${incidentTarget(id)}`)).toMatchObject({
      status: 'sent',
      attempts: 4,
      slackTs: h.fake.topLevel(CHANNEL)[0]!.ts,
    });
    expect(h.store.getIncident(id)).toMatchObject({ slackChannel: CHANNEL, slackTs: h.fake.topLevel(CHANNEL)[0]!.ts });
  });

  it('does not post again when a 500 came after Slack had posted: it finds the message by its outbox key', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { status: 500, deliver: true });
    const id = incident(h, 'web');

    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    expect(h.fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500]);
    expect(h.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.store.outboxByKey(`post:${incidentTarget(id)}`)).toMatchObject({
      status: 'sent',
      slackTs: h.fake.topLevel(CHANNEL)[0]!.ts,
    });
  });

  it('after a restart, sends what was pending once each, and finds what a stopped sender had already posted', async () => {
    h = await startSlackHarness();
    await h.stopSlack();
    const [a, b, c] = [incident(h, 'a'), incident(h, 'b'), incident(h, 'c')];
    for (const id of [a, b, c]) h.slack.notifier.sync(id, { post: true });
    // `a` was mid-call when the bot stopped, and Slack had posted it; `b` was mid-call and had not.
    const inFlightA = h.store.outboxByKey(`post:${incidentTarget(a)}`)!;
    const inFlightB = h.store.outboxByKey(`post:${incidentTarget(b)}`)!;
    h.store.claimOutbox(inFlightA.id);
    h.store.claimOutbox(inFlightB.id);
    h.fake.messages.push({
      channel: CHANNEL,
      ts: h.fake.nextTs(),
      text: 'posted before the stop',
      metadata: { event_type: 'clopus_outbox', event_payload: { key: inFlightA.dedupeKey } },
      updates: 0,
    });

    await h.restartSlack();
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    expect(h.fake.topLevel(CHANNEL)).toHaveLength(3);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(h.fake.callsTo('chat.postMessage').map((x) => x.params.metadata.event_payload.key)).toEqual([
      `post:${incidentTarget(b)}`,
      `post:${incidentTarget(c)}`,
    ]);
    expect(h.store.getIncident(a)?.slackTs).toBe(h.fake.topLevel(CHANNEL)[0]!.ts);
  });

  it('keeps an incident in order: its thread replies and updates wait for its post, whatever fails', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { status: 500 });
    const id = incident(h, 'web');
    h.store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
    const { diagnosis } = h.store.startDiagnosis({ incidentId: id, attempt: 1, planner: 'runbook', model: null });
    h.store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      to: 'proposed',
      actor: 'fixer',
      finish: {
        status: 'proposed',
        usage: { model: null, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 1 },
      },
      proposal: {
        summary: { rootCause: 'Too little memory.', confidence: 'high', risk: 'low' },
        actions: [{ type: 'restart_pod', reason: 'Start afresh', pod: 'web-1' }],
        diff: '1. restart_pod shop/web-1\ndelete pod web-1; its controller creates a new one\n',
      },
    });

    h.slack.sync(id, { post: true });
    h.store.transition(id, 'proposed', 'resolved', { actor: 'detector', detail: { reason: 'recovered' } });
    h.slack.sync(id);
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    const ok = h.fake.calls.filter((c) => c.status === 200 && c.method.startsWith('chat.'));
    expect(ok.map((c) => `${c.method} ${c.params.metadata?.event_payload?.key ?? c.params.ts}`)).toEqual([
      `chat.postMessage post:incident:${id}`,
      `chat.postMessage post:proposal:1:0`,
      `chat.update ${h.fake.topLevel(CHANNEL)[0]!.ts}`,
      `chat.update ${h.fake.thread(h.fake.topLevel(CHANNEL)[0]!.ts)[0]!.ts}`,
    ]);
    expect(h.fake.topLevel(CHANNEL)[0]!.text).toMatch(/: resolved$/);
  });

  it('paces messages to one per interval per channel, while another channel is not held back', async () => {
    // The pacing clock moves only when the test moves it: what is asserted is the sender's own slots, not how fast a
    // loaded machine got each request to the fake.
    let now = Date.now();
    h = await startSlackHarness({
      env: { CLOPUS_SLACK_MIN_INTERVAL_MS: '300' },
      configFile: yamlFile('slack:\n  routes:\n    - namespaces: ["pay*"]\n      channel: C0PAY\n'),
      extra: { pacingClock: () => now },
    });
    const ids = [incident(h, 'a'), incident(h, 'b'), incident(h, 'c')];
    const other = incident(h, 'x', 'payments');
    const posts = (channel: string) => h!.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
    const held = (n: number, ms: number) =>
      stillFalse(() => posts(CHANNEL).length > n, ms, { what: `message ${n + 1} to ${CHANNEL} to wait for its slot` });

    for (const id of ids) h.slack.sync(id, { post: true });
    h.slack.notifier.sync(other, { post: true });
    await waitFor(() => posts(CHANNEL).length === 1 && posts('C0PAY').length === 1, {
      what: 'the first message to each channel, with the clock standing still',
    });
    await held(1, 300);
    now += 299;
    await held(1, 300);
    now += 1;
    await waitFor(() => posts(CHANNEL).length === 2, { what: 'message 2 once its slot has come' });
    now += 299;
    await held(2, 300);
    now += 1;
    await waitFor(() => settled(h!), { what: 'the outbox to be sent' });

    expect(posts(CHANNEL).map((c) => c.params.metadata.event_payload.key)).toEqual(
      ids.map((id) => `post:${incidentTarget(id)}`),
    );
    expect(posts('C0PAY')).toHaveLength(1);
  });

  it('posts the words as plain text when Slack refuses the blocks', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { error: 'invalid_blocks' });
    const id = incident(h, 'web');

    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    const [refused, plain] = h.fake.callsTo('chat.postMessage');
    expect(refused!.params.blocks).toBeDefined();
    expect(plain!.params.blocks).toBeUndefined();
    expect(plain!.params.text).toContain('*Workload*\ndeployment/web');
    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
  });

  it('posts a shorter message when Slack finds the blocks too long (msg_blocks_too_long), and updates it the same way', async () => {
    h = await startSlackHarness();
    // The fake's limit lowered so that an ordinary incident message is "the long version".
    h.fake.limits.blocksText = 300;
    const id = incident(h, 'web');

    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });
    h.store.transition(id, 'open', 'resolved', { actor: 'detector', detail: { reason: 'recovered' } });
    h.slack.sync(id);
    await waitFor(() => settled(h!) && h!.fake.callsTo('chat.update', { okOnly: true }).some((c) => !c.error), {
      timeoutMs: 10_000,
    });

    const [refused, plain] = h.fake.callsTo('chat.postMessage');
    expect(refused).toMatchObject({ error: 'msg_blocks_too_long' });
    expect(refused!.params.blocks).toBeDefined();
    expect(plain!.error).toBeUndefined();
    expect(plain!.params.blocks).toBeUndefined();
    expect(plain!.params.text).toContain('*Workload*\ndeployment/web');
    const [message] = h.fake.topLevel(CHANNEL);
    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.store.outboxByKey(`post:${incidentTarget(id)}`)).toMatchObject({ status: 'sent', slackTs: message!.ts });
    expect(h.fake.callsTo('chat.update').map((c) => c.error)).toEqual(['msg_blocks_too_long', undefined]);
    expect(message!.blocks).toEqual([]);
    expect(message!.text).toMatch(/resolved/);
  });

  it('cuts the plain text shorter when Slack refuses that too (msg_too_long)', async () => {
    h = await startSlackHarness();
    h.fake.limits.blocksText = 300;
    h.fake.limits.text = 3_950;
    const id = h.store.createIncident(
      newIncident({ workloadName: 'web', message: 'OOM <&> '.repeat(80) }),
      'detector',
    ).id;
    h.store.addEvidence(id, {
      pod: 'web-1',
      container: 'app',
      state: 'waiting',
      restarts: 3,
      events: [],
      logTail: `${'panic: a & b '.repeat(500)}\n`,
      logsPrevious: true,
      truncated: false,
    });

    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!), { timeoutMs: 10_000 });

    const calls = h.fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.error)).toEqual(['msg_blocks_too_long', 'msg_too_long', undefined]);
    expect(calls[1]!.params.text.length).toBeGreaterThan(3_950);
    expect(calls[2]!.params.text.length).toBeLessThanOrEqual(3_900);
    expect(calls[2]!.params.text).toMatch(/^🚨 .*\n/);
    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.store.getIncident(id)?.slackTs).toBe(h.fake.topLevel(CHANNEL)[0]!.ts);
  });
});
