// The reads behind the dashboard's "Needs a look" and fix counts: incidents by last-seen time, only the newest of a
// fingerprint, and fixes applied (and rolled back before a verdict) in a window.
import { afterEach, describe, expect, it } from 'vitest';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

describe('listIncidents', () => {
  it('keeps incidents last seen since a time, and only the newest of each fingerprint', () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const store = open(tempDbPath(), clock);
    const first = store.createIncident(newIncident({ workloadName: 'web' }), 'detector');
    bringTo(store, first.id, 'rolled_back');
    const quiet = store.createIncident(newIncident({ workloadName: 'quiet' }), 'detector');
    clock.advance(3600);
    const since = clock.iso();
    const again = store.createIncident(newIncident({ workloadName: 'web' }), 'detector');
    const other = store.createIncident(newIncident({ workloadName: 'api' }), 'detector');

    const ids = (query: Parameters<typeof store.listIncidents>[0]) =>
      store
        .listIncidents(query)
        .items.map((i) => i.id)
        .sort();

    expect(ids({ limit: 10, offset: 0, lastSeenSince: since })).toEqual([again.id, other.id]);
    expect(ids({ limit: 10, offset: 0, newestOfFingerprint: true })).toEqual([quiet.id, again.id, other.id]);
    expect(store.listIncidents({ limit: 1, offset: 0, newestOfFingerprint: true, state: ['rolled_back'] }).total).toBe(
      0,
    );
  });
});

describe('overviewStats', () => {
  it('counts fixes applied in the window, and rollbacks made before any verdict', () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const store = open(tempDbPath(), clock);
    const early = store.createIncident(newIncident({ workloadName: 'early' }), 'detector');
    bringTo(store, early.id, 'applied');
    clock.advance(24 * 3600);
    const since = clock.now();
    store.transition(early.id, 'applied', 'rolled_back', { actor: 'U1' });
    const judged = store.createIncident(newIncident({ workloadName: 'judged' }), 'detector');
    bringTo(store, judged.id, 'regressed');
    store.transition(judged.id, 'regressed', 'rolled_back', { actor: 'U1' });
    const fine = store.createIncident(newIncident({ workloadName: 'fine' }), 'detector');
    bringTo(store, fine.id, 'verified');

    const stats = store.overviewStats(since, clock.now());

    expect(stats.appliedFixes).toEqual({ applied: 2, rolledBackBeforeVerdict: 1 });
    expect(stats.fixes).toEqual({ verified: 1, regressed: 1, applyFailed: 0, rolledBack: 2 });
  });
});
