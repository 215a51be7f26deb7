import { afterEach, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/core/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, pod, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function arrange() {
  const clock = manualClock();
  const path = tempDbPath();
  return { clock, path, store: open(path, clock) };
}

const evidence = (podName: string): Evidence => ({
  pod: podName,
  container: 'app',
  state: 'waiting: CrashLoopBackOff',
  lastTermination: { exitCode: 1, reason: 'Error' },
  restarts: 7,
  events: [{ reason: 'BackOff', message: 'Back-off restarting failed container', count: 12 }],
  logTail: 'Error: cannot connect to db\n',
  logsPrevious: true,
  truncated: false,
});

describe('createIncident', () => {
  it('opens an incident with its pods and a detected audit row, stamped by the injected clock', () => {
    const { store } = arrange();

    const incident = store.createIncident(
      newIncident({ pods: [pod('web-1', { exitCode: 1 })], detectedAt: '2025-03-01T11:59:58.000Z' }),
      'detector',
    );

    expect(incident).toMatchObject({
      state: 'open',
      namespace: 'shop',
      workloadKind: 'Deployment',
      container: 'app',
      firstSeenAt: '2025-03-01T12:00:00.000Z',
      detectedAt: '2025-03-01T11:59:58.000Z',
      createdAt: '2025-03-01T12:00:00.000Z',
      resolvedAt: null,
      reopenCount: 0,
      pods: [pod('web-1', { exitCode: 1 })],
    });
    expect(store.auditTrail(incident.id)).toEqual([
      expect.objectContaining({ actor: 'detector', fromState: null, toState: 'open', action: 'detected' }),
    ]);
  });

  it.each(['resolved', 'verified', 'rolled_back'] as const)(
    'starts a new incident once the old one is %s',
    (closed) => {
      const { store } = arrange();
      const old = store.createIncident(newIncident(), 'detector');
      bringTo(store, old.id, closed);

      const fresh = store.createIncident(newIncident(), 'detector');

      expect(fresh.id).not.toBe(old.id);
      expect(store.findLive(fresh.fingerprint)?.id).toBe(fresh.id);
    },
  );
});

describe('reopening', () => {
  it('finds an incident resolved within the cool-down, and not one resolved before it', () => {
    const { store, clock } = arrange();
    const { id, fingerprint } = store.createIncident(newIncident(), 'detector');
    store.transition(id, 'open', 'resolved', { actor: 'detector' });
    clock.advance(600);

    const within = store.findRecentlyResolved(fingerprint, new Date(Date.parse(clock.iso()) - 3600_000));
    const outside = store.findRecentlyResolved(fingerprint, new Date(Date.parse(clock.iso()) - 300_000));

    expect(within?.id).toBe(id);
    expect(outside).toBeUndefined();
  });

  it('increments reopen_count and clears resolved_at', () => {
    const { store, clock } = arrange();
    const { id } = store.createIncident(newIncident(), 'detector');
    store.transition(id, 'open', 'resolved', { actor: 'detector' });
    clock.advance(60);

    const reopened = store.transition(id, 'resolved', 'open', { actor: 'detector', action: 'reopened' });

    expect(reopened).toBe(true);
    expect(store.getIncident(id)).toMatchObject({ state: 'open', reopenCount: 1, resolvedAt: null });
    expect(store.findLive(newIncident().fingerprint)?.id).toBe(id);
  });

  it('does not reopen when a newer incident already holds the fingerprint, and writes nothing', () => {
    const { store } = arrange();
    const old = store.createIncident(newIncident(), 'detector');
    store.transition(old.id, 'open', 'resolved', { actor: 'detector' });
    const newer = store.createIncident(newIncident(), 'detector');
    const trail = store.auditTrail(old.id);

    const reopened = store.transition(old.id, 'resolved', 'open', { actor: 'detector' });

    expect(reopened).toBe(false);
    expect(store.getIncident(old.id)?.state).toBe('resolved');
    expect(store.auditTrail(old.id)).toEqual(trail);
    expect(store.findLive(newer.fingerprint)?.id).toBe(newer.id);
  });
});

describe('evidence, audit and the Slack message', () => {
  it('returns the latest evidence as it was stored', () => {
    const { store, clock } = arrange();
    const { id } = store.createIncident(newIncident(), 'detector');
    store.addEvidence(id, evidence('web-1'));
    clock.advance(5);

    store.addEvidence(id, evidence('web-2'));

    expect(store.latestEvidence(id)).toEqual({
      ...evidence('web-2'),
      id: expect.any(Number),
      incidentId: id,
      collectedAt: '2025-03-01T12:00:05.000Z',
    });
    expect(store.latestEvidence(id + 1)).toBeUndefined();
  });

  it('records a non-transition event without touching the state', () => {
    const { store } = arrange();
    const { id } = store.createIncident(newIncident(), 'detector');
    bringTo(store, id, 'proposed');

    const entry = store.recordAudit(id, 'U999', 'approval_refused', { reason: 'not an approver' });

    expect(entry).toMatchObject({ actor: 'U999', action: 'approval_refused', fromState: null, toState: null });
    expect(store.auditTrail(id).at(-1)).toEqual(entry);
    expect(store.getIncident(id)?.state).toBe('proposed');
  });

  it('refuses audit rows for an incident that does not exist', () => {
    const { store } = arrange();

    const recording = () => store.recordAudit(42, 'U1', 'poke', null);

    expect(recording).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('stores the Slack message reference once', () => {
    const { store } = arrange();
    const { id } = store.createIncident(newIncident(), 'detector');

    const results = [store.setSlackMessage(id, 'C1', '111.1'), store.setSlackMessage(id, 'C1', '222.2')];

    expect(results).toEqual([true, false]);
    expect(store.getIncident(id)).toMatchObject({ slackChannel: 'C1', slackTs: '111.1' });
  });
});

describe('the database file', () => {
  it('is in WAL mode and passes integrity_check after a busy life', () => {
    const { store, path, clock } = arrange();
    for (let i = 0; i < 20; i++) {
      const { id } = store.createIncident(newIncident({ workloadName: `w${i}` }), 'detector');
      store.recordObservation(id, { pods: [pod(`w${i}-a`)], restarts: i, message: 'm', lastSeenAt: clock.iso() });
      store.addEvidence(id, evidence(`w${i}-a`));
      bringTo(store, id, i % 2 === 0 ? 'verified' : 'resolved');
    }
    store.close();

    const db = raw(path);

    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
