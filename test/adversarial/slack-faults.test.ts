// Slack down for a sustained outage (5xx, 429 with Retry-After, a call let through now and then, the lookups failing
// too) while incidents are created and move through their states: afterwards every message is posted once, each
// incident's message ends showing its final state, its updates arrived in order, and no channel was sent anything
// before a 429's Retry-After had passed. The outbox reads the wall clock (sender.ts), so the outage is real time:
// the full minute by default (it runs beside other test files); TEST_SLACK_OUTAGE_MS=12000 for a quick run.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentState } from '../../src/core/index.js';
import { incidentTarget, proposalTarget } from '../../src/slack/index.js';
import { CURSOR_KEY } from '../../src/slack/outbox/follower.js';
import { STATE_WORDS } from '../../src/slack/render/labels.js';
import type { Store } from '../../src/store/index.js';
import type { RecordedCall, Scripted } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { CHANNEL, type SlackHarness, startSlackHarness, yamlFile } from '../slack/harness.js';
import { newIncident } from '../store/fixtures.js';

const OUTAGE_MS = Number(process.env.TEST_SLACK_OUTAGE_MS ?? 60_000);
const PAY = 'C0PAY';
/** Date.now() in the fake and in the sender are the same clock; this only absorbs millisecond rounding of timers. */
const CLOCK_SLACK_MS = 5;

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WRITE_FAULTS: Scripted[] = [
  { status: 500, deliver: true },
  { status: 429, retryAfter: 1 },
  { status: 503 },
  { status: 429, retryAfter: 2 },
  { status: 502 },
  {},
];
const READ_FAULTS: Scripted[] = [{ status: 503 }, { status: 429, retryAfter: 1 }, { status: 500 }];
const OUTAGE = {
  'chat.postMessage': WRITE_FAULTS,
  'chat.update': WRITE_FAULTS,
  'conversations.history': READ_FAULTS,
  'conversations.replies': READ_FAULTS,
};

type Path = 'approved' | 'rejected' | 'resolved';
const PATHS: Record<Path, IncidentState[]> = {
  approved: ['diagnosing', 'proposed', 'approved', 'applying', 'applied', 'verified'],
  rejected: ['diagnosing', 'proposed', 'rejected', 'resolved'],
  resolved: ['diagnosing', 'diagnosis_failed', 'resolved'],
};

const summary = {
  rootCause: 'The pods run out of memory while loading the cache.',
  confidence: 'high',
  risk: 'low',
} as const;
const usage = { model: null, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 1 };

/** One step of an incident's life, written as the fixer, a Slack decision or the detector would write it. */
function step(store: Store, id: number, from: IncidentState, to: IncidentState): void {
  const proposalId = store.latestProposal(id)?.id;
  const decide = (decision: 'approve' | 'reject', proposalTo: 'approved' | 'rejected') =>
    store.decideProposal({
      proposalId: proposalId!,
      incidentId: id,
      actor: 'slack:U0ALICE',
      decision,
      via: 'slack',
      from,
      to,
      proposalFrom: 'pending',
      proposalTo,
    });
  if (to === 'proposed' || to === 'diagnosis_failed') {
    const { diagnosis } = store.startDiagnosis({ incidentId: id, attempt: 1, planner: 'runbook', model: null });
    store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      to,
      actor: 'fixer',
      finish:
        to === 'proposed'
          ? { status: 'proposed', usage }
          : { status: 'failed', usage, error: 'the model API is overloaded' },
      ...(to === 'proposed'
        ? {
            proposal: {
              summary,
              actions: [{ type: 'restart_pod', reason: 'Start afresh', pod: `${id}-1` }],
              diff: `1. restart_pod shop/${id}-1\n`,
            },
          }
        : {}),
    });
  } else if (to === 'approved') {
    expect(decide('approve', 'approved').outcome).toBe('decided');
  } else if (to === 'rejected') {
    expect(decide('reject', 'rejected').outcome).toBe('decided');
  } else {
    expect(store.transition(id, from, to, { actor: to === 'resolved' ? 'detector' : 'fixer' })).toBe(true);
    if (to === 'applied') store.setProposalStatus(proposalId!, 'approved', 'applied');
  }
}

/** The follower has looked at every audited change, and nothing is left to send. */
function caughtUp(store: Store): boolean {
  const last = store
    .incidentChangesSince(0, Number.MAX_SAFE_INTEGER)
    .reduce((max, c) => Math.max(max, c.lastAuditId), 0);
  const cursor = store.getSetting(CURSOR_KEY)?.value;
  return (
    typeof cursor === 'number' && cursor >= last && store.listOutbox({ status: ['pending', 'sending'] }).length === 0
  );
}

const stateOf = (text: string): IncidentState | undefined => {
  const words = text.slice(text.lastIndexOf(': ') + 2);
  return (Object.keys(STATE_WORDS) as IncidentState[]).find((s) => STATE_WORDS[s] === words);
};

/** Calls to `channel` that came after a 429 to it sooner than its Retry-After allowed. */
function tooSoon(calls: readonly RecordedCall[], channel: string): string[] {
  const mine = calls.filter((c) => c.params.channel === channel && c.method !== 'auth.test');
  const out: string[] = [];
  mine.forEach((c, i) => {
    if (c.status !== 429) return;
    const allowedAt = c.at + c.retryAfter! * 1000 - CLOCK_SLACK_MS;
    for (const later of mine.slice(i + 1))
      if (later.at < allowedAt)
        out.push(`${later.method} ${later.at - c.at} ms after a 429 with Retry-After ${c.retryAfter} s`);
  });
  return out;
}

describe('Slack outbox under a sustained Slack outage', () => {
  it(
    `delivers every post once, and every incident's updates in order, after a ${OUTAGE_MS / 1000} s outage`,
    async () => {
      h = await startSlackHarness({
        env: {
          CLOPUS_SLACK_MIN_INTERVAL_MS: '50',
          CLOPUS_SLACK_RETRY_BASE_MS: '100',
          CLOPUS_SLACK_RETRY_MAX_MS: '1500',
        },
        configFile: yamlFile('slack:\n  routes:\n    - namespaces: ["payments"]\n      channel: C0PAY\n'),
      });
      const plan: Array<{ ns: string; name: string; path: Path; before?: true }> = [
        { ns: 'shop', name: 'web', path: 'approved', before: true },
        { ns: 'shop', name: 'cart', path: 'rejected', before: true },
        { ns: 'payments', name: 'ledger', path: 'approved', before: true },
        { ns: 'shop', name: 'search', path: 'resolved' },
        { ns: 'shop', name: 'img', path: 'approved' },
        { ns: 'payments', name: 'fx', path: 'resolved' },
      ];
      const file = (p: (typeof plan)[number]) => ({
        ...p,
        id: h!.store.createIncident(newIncident({ namespace: p.ns, workloadName: p.name }), 'detector').id,
        at: 'open' as IncidentState,
        done: 0,
      });
      const advance = (i: ReturnType<typeof file>): void => {
        const next = PATHS[i.path][i.done];
        if (!next) return;
        step(h!.store, i.id, i.at, next);
        i.at = next;
        i.done++;
      };
      // Half the incidents are in Slack already when it goes down, so their updates meet the outage too.
      const incidents = plan.filter((p) => p.before).map(file);
      incidents.forEach(advance);
      await waitFor(() => caughtUp(h!.store), { timeoutMs: 20_000 });
      expect(h.fake.topLevel()).toHaveLength(incidents.length);
      const { until } = h.fake.outage(OUTAGE_MS, OUTAGE);

      // Over the first ~70 % of the outage the others are filed, and every incident advances one state per tick.
      incidents.push(...plan.filter((p) => !p.before).map(file));
      const ticks = Math.max(...Object.values(PATHS).map((p) => p.length));
      for (let tick = 0; tick < ticks; tick++) {
        await sleep((OUTAGE_MS * 0.7) / ticks);
        incidents.forEach(advance);
      }
      await sleep(Math.max(0, until - Date.now()));
      const duringOutage = h.fake.calls.length;
      await waitFor(() => caughtUp(h!.store), { timeoutMs: 30_000, intervalMs: 100 });

      expect(caughtUp(h.store)).toBe(true);
      expect(duringOutage).toBeGreaterThan(incidents.length);
      expect(h.fake.calls.filter((c) => c.status !== 200).length).toBeGreaterThan(incidents.length);
      expect(h.store.listOutbox({ status: ['failed'] })).toEqual([]);
      const okPosts = h.fake.callsTo('chat.postMessage', { okOnly: true });
      const proposed = incidents.filter((i) => i.path !== 'resolved');
      // Each logical message exists once in Slack: the incident's, and the proposal's reply in its thread.
      for (const i of incidents) {
        const key = `post:${incidentTarget(i.id)}`;
        const posted = h.fake.messages.filter((m) => m.metadata?.event_payload.key === key);
        expect(posted, key).toHaveLength(1);
        expect(posted[0]!.channel).toBe(i.ns === 'payments' ? PAY : CHANNEL);
        expect(h.store.getIncident(i.id)).toMatchObject({ slackChannel: posted[0]!.channel, slackTs: posted[0]!.ts });
        expect(okPosts.filter((c) => c.params.metadata.event_payload.key === key).length, key).toBeLessThanOrEqual(1);
      }
      for (const i of proposed) {
        const key = `post:${proposalTarget(h.store.latestProposal(i.id)!.id, 0)}`;
        const posted = h.fake.messages.filter((m) => m.metadata?.event_payload.key === key);
        expect(posted, key).toHaveLength(1);
        expect(posted[0]!.thread_ts).toBe(h.store.getIncident(i.id)!.slackTs);
      }
      expect(h.fake.topLevel(CHANNEL)).toHaveLength(4);
      expect(h.fake.topLevel(PAY)).toHaveLength(2);
      // Updates: one successful call per update item sent, in the incident's order, the last one its final state.
      const okUpdates = h.fake.callsTo('chat.update', { okOnly: true });
      const sentUpdates = h.store.listOutbox({ status: ['sent'] }).filter((o) => o.kind === 'update');
      expect(okUpdates).toHaveLength(sentUpdates.length);
      for (const i of incidents) {
        const ts = h.store.getIncident(i.id)!.slackTs!;
        const shown = okUpdates.filter((c) => c.params.ts === ts).map((c) => stateOf(c.params.text));
        const order = ['open', ...PATHS[i.path]];
        expect(
          shown.every((s) => s !== undefined && order.includes(s)),
          `${i.name}: ${shown.join(' → ')}`,
        ).toBe(true);
        expect(
          shown.map((s) => order.indexOf(s!)),
          `${i.name}: ${shown.join(' → ')}`,
        ).toEqual([...shown.map((s) => order.indexOf(s!))].sort((a, b) => a - b));
        expect(stateOf(h.fake.messages.find((m) => m.ts === ts)!.text), i.name).toBe(PATHS[i.path].at(-1));
      }
      // 429s: nothing more to that channel until the Retry-After had passed.
      expect(h.fake.calls.some((c) => c.status === 429)).toBe(true);
      expect(tooSoon(h.fake.calls, CHANNEL)).toEqual([]);
      expect(tooSoon(h.fake.calls, PAY)).toEqual([]);
    },
    OUTAGE_MS + 45_000,
  );

  it('does not post twice when Slack posted despite a 500 and the look-up for it fails too', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { status: 500, deliver: true });
    h.fake.script('conversations.history', { status: 503 });
    const id = h.store.createIncident(newIncident({ workloadName: 'web' }), 'detector').id;

    h.slack.sync(id, { post: true });
    await waitFor(() => h!.store.listOutbox({ status: ['pending', 'sending'] }).length === 0, { timeoutMs: 20_000 });

    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500]);
    expect(h.fake.callsTo('conversations.history').map((c) => c.status)).toEqual([503, 200]);
    expect(h.store.outboxByKey(`post:${incidentTarget(id)}`)).toMatchObject({
      status: 'sent',
      slackTs: h.fake.topLevel(CHANNEL)[0]!.ts,
    });
  });

  it('waits out a 429 on the look-up before sending anything else to the channel', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { status: 503, deliver: false });
    h.fake.script('conversations.history', { status: 429, retryAfter: 2 });
    const id = h.store.createIncident(newIncident({ workloadName: 'web' }), 'detector').id;

    h.slack.sync(id, { post: true });
    await waitFor(() => h!.store.listOutbox({ status: ['pending', 'sending'] }).length === 0, { timeoutMs: 20_000 });

    expect(h.fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test').map((c) => `${c.method} ${c.status}`)).toEqual([
      'chat.postMessage 503',
      'conversations.history 429',
      'conversations.history 200',
      'chat.postMessage 200',
    ]);
    expect(tooSoon(h.fake.calls, CHANNEL)).toEqual([]);
  });
});
