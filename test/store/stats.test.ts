// The dashboard's reads: overview figures over a window, /metrics aggregates, the incremental detection
// histogram, namespaces for the filter, the readiness ping, and batches that commit or roll back together.
import { afterEach, describe, expect, it } from 'vitest';
import { DETECTION_BUCKETS_SECONDS, type Store } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function diagnose(store: Store, incidentId: number, costUsd: number, planner: 'claude' | 'runbook' = 'claude') {
  const { diagnosis } = store.startDiagnosis({
    incidentId,
    attempt: 1,
    planner,
    model: planner === 'claude' ? 'claude-sonnet' : null,
  });
  store.finishDiagnosis(diagnosis.id, {
    status: 'no_fix',
    usage: { model: null, turns: 3, inputTokens: 1000, outputTokens: 100, costUsd, durationMs: 5000 },
  });
}

describe('overviewStats', () => {
  it('counts incidents, verdicts, time to detect and model usage inside the window only', () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const store = open(tempDbPath(), clock);
    const old = store.createIncident(
      newIncident({ workloadName: 'old', detectedAt: '2026-02-28T23:59:59.000Z' }),
      'detector',
    );
    bringTo(store, old.id, 'verified');
    diagnose(store, old.id, 0.5);
    clock.advance(3 * 24 * 3600);
    const since = clock.now();
    const a = store.createIncident(
      newIncident({
        workloadName: 'a',
        reason: 'OOMKilled',
        detectedAt: new Date(clock.now().getTime() - 800).toISOString(),
      }),
      'detector',
    );
    bringTo(store, a.id, 'verified');
    diagnose(store, a.id, 0.08);
    clock.advance(24 * 3600);
    const b = store.createIncident(
      newIncident({ workloadName: 'b', detectedAt: new Date(clock.now().getTime() - 2500).toISOString() }),
      'detector',
    );
    bringTo(store, b.id, 'regressed');
    diagnose(store, b.id, 0, 'runbook');

    const stats = store.overviewStats(since, clock.now());

    expect(stats.incidents).toBe(2);
    expect(stats.byReason).toEqual([
      { reason: 'CrashLoopBackOff', n: 1 },
      { reason: 'OOMKilled', n: 1 },
    ]);
    expect(stats.fixes).toEqual({ verified: 1, regressed: 1, applyFailed: 0, rolledBack: 0 });
    expect(stats.detectionMs).toEqual([800, 2500]);
    expect(stats.model).toEqual([
      { planner: 'claude', runs: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0.08 },
      { planner: 'runbook', runs: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0 },
    ]);
    expect(stats.days).toEqual([
      { day: '2026-03-04', incidents: 1, modelRuns: 1, costUsd: 0.08 },
      { day: '2026-03-05', incidents: 1, modelRuns: 0, costUsd: 0 },
    ]);
  });
});

describe('metrics', () => {
  it('aggregates by state and reason, model runs and failed Slack deliveries', () => {
    const path = tempDbPath();
    const store = open(path);
    const a = store.createIncident(newIncident({ workloadName: 'a' }), 'detector');
    store.createIncident(newIncident({ workloadName: 'b' }), 'detector');
    store.createIncident(newIncident({ workloadName: 'c', reason: 'OOMKilled' }), 'detector');
    bringTo(store, a.id, 'resolved');
    diagnose(store, a.id, 0.25);
    raw(path)
      .prepare(
        `INSERT INTO outbox (channel, kind, payload, status, next_attempt_at, created_at) VALUES ('C', 'post', '{}', 'failed', 'x', 'x'), ('C', 'post', '{}', 'sent', 'x', 'x')`,
      )
      .run();

    const snap = store.metricsSnapshot();

    expect(snap.byStateReason).toEqual([
      { state: 'open', reason: 'CrashLoopBackOff', n: 1 },
      { state: 'open', reason: 'OOMKilled', n: 1 },
      { state: 'resolved', reason: 'CrashLoopBackOff', n: 1 },
    ]);
    expect(snap.modelRuns).toEqual([{ planner: 'claude', status: 'no_fix', runs: 1 }]);
    expect(snap.model).toEqual([{ planner: 'claude', runs: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0.25 }]);
    expect(snap.slackDeliveryFailures).toBe(1);
  });

  it('buckets detection latency cumulatively and reads only incidents after the id it is given', () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const store = open(tempDbPath(), clock);
    const ms = [50, 300, 4000, 400_000];
    const ids = ms.map(
      (lag, i) =>
        store.createIncident(
          newIncident({ workloadName: `w${i}`, detectedAt: new Date(clock.now().getTime() - lag).toISOString() }),
          'detector',
        ).id,
    );

    const all = store.detectionHistogram(0);
    const later = store.detectionHistogram(ids[1]!);
    const none = store.detectionHistogram(ids[3]!);

    const cumulative = (values: number[]) =>
      DETECTION_BUCKETS_SECONDS.map((b) => values.filter((v) => v / 1000 <= b).length);
    expect(all).toEqual({ lastId: ids[3], buckets: cumulative(ms), sumSeconds: expect.closeTo(404.35, 2), count: 4 });
    expect(later).toMatchObject({ lastId: ids[3], buckets: cumulative([4000, 400_000]), count: 2 });
    expect(none).toEqual({ lastId: ids[3], buckets: DETECTION_BUCKETS_SECONDS.map(() => 0), sumSeconds: 0, count: 0 });
  });
});

describe('small reads', () => {
  it('lists distinct namespaces in order, up to a limit', () => {
    const store = open(tempDbPath());
    for (const ns of ['shop', 'pay', 'shop', 'auth', 'data'])
      store.createIncident(newIncident({ namespace: ns, workloadName: `w-${Math.random()}` }), 'detector');

    expect(store.listNamespaces(10)).toEqual(['auth', 'data', 'pay', 'shop']);
    expect(store.listNamespaces(2)).toEqual(['auth', 'data']);
    expect(open(tempDbPath()).listNamespaces(10)).toEqual([]);
  });

  it('changes its stamp on every write the dashboard shows, and not on reads', () => {
    const clock = manualClock();
    const store = open(tempDbPath(), clock);
    const stamps = [store.changeStamp()];
    const next = (write: () => unknown) => {
      clock.advance(1);
      write();
      stamps.push(store.changeStamp());
    };

    next(() => store.createIncident(newIncident(), 'detector'));
    next(() => store.transition(1, 'open', 'diagnosing', { actor: 'fixer' }));
    next(() => store.recordObservation(1, { pods: [], restarts: 9, message: 'again', lastSeenAt: clock.iso() }));
    next(() =>
      store.addEvidence(1, {
        pod: 'web-1',
        container: 'app',
        state: 'waiting',
        restarts: 1,
        events: [],
        logTail: '',
        logsPrevious: false,
        truncated: false,
      }),
    );
    next(() => store.startDiagnosis({ incidentId: 1, attempt: 1, planner: 'runbook', model: null }));
    next(() => store.listIncidents({ limit: 5, offset: 0 }));

    expect(new Set(stamps.slice(0, -1)).size).toBe(stamps.length - 1);
    expect(stamps.at(-1)).toBe(stamps.at(-2));
  });

  it('pings an open store and fails on a closed one', () => {
    const store = open(tempDbPath());

    expect(() => store.ping()).not.toThrow();
    store.close();
    expect(() => store.ping()).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
  });

  it('commits a batch together, and rolls all of it back when it throws', () => {
    const store = open(tempDbPath());

    store.batch(() => {
      store.createIncident(newIncident({ workloadName: 'kept-1' }), 'detector');
      store.createIncident(newIncident({ workloadName: 'kept-2' }), 'detector');
    });
    expect(() =>
      store.batch(() => {
        store.createIncident(newIncident({ workloadName: 'lost' }), 'detector');
        throw new Error('half way');
      }),
    ).toThrow('half way');

    expect(
      store.listIncidents({ limit: 10, offset: 0, order: 'created_asc' }).items.map((i) => i.workloadName),
    ).toEqual(['kept-1', 'kept-2']);
  });
});
