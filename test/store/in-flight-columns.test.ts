// Issue 13 point 3: who is applying an incident, since when, and when its verification window began are typed
// columns written with the move (migration 7), not fields read back from an audit row's free-form detail.
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { type DecideDeps, recoverInterrupted } from '../../src/remediation/decide/index.js';
import type { Store } from '../../src/store/index.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { bringTo, cleanup, manualClock, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

/** recoverInterrupted reads only the store, the logger and the clock. */
const depsOf = (store: Store, now?: () => Date): DecideDeps =>
  ({ store, logger: silentLogger(), ...(now ? { now } : {}) }) as unknown as DecideDeps;

const LIVE_HERE = { host: hostname(), pid: process.ppid };

describe('migration 7', () => {
  it('gives incidents mid-apply or verifying their owner and window from the detail of their last move, once', () => {
    const path = tempDbPath();
    const db = raw(path);
    migrate(db, { path, logger: silentLogger(), migrations: MIGRATIONS.slice(0, 6) });
    const incident =
      db.prepare(`INSERT INTO incidents (id, fingerprint, cluster, namespace, workload_kind, workload_name, reason, message, state, first_seen_at, last_seen_at, detected_at, created_at, updated_at)
      VALUES (?, ?, 'c', 'ns', 'Deployment', 'web', 'OOMKilled', 'm', ?, 't0', 't0', 't0', 't0', 'updated')`);
    const audit = db.prepare(
      `INSERT INTO audit (incident_id, at, actor, from_state, to_state, action, detail) VALUES (?, ?, 'cli:alice', ?, ?, ?, ?)`,
    );
    // 1: applying by a live process on this host; an earlier move into applying (another owner) does not count.
    incident.run(1, 'f1', 'applying');
    audit.run(
      1,
      't1',
      'proposed',
      'approved',
      'approve',
      JSON.stringify({ proposalId: 1, via: 'cli', process: { host: 'old', pid: 7 } }),
    );
    audit.run(
      1,
      't2',
      'approved',
      'applying',
      'apply',
      JSON.stringify({ proposalId: 1, process: { host: 'elsewhere', pid: 9 } }),
    );
    audit.run(1, 't3', null, null, 'note', JSON.stringify({ process: { host: 'noise', pid: 1 } }));
    audit.run(1, 't4', 'approved', 'applying', 'apply', JSON.stringify({ proposalId: 1, process: LIVE_HERE }));
    // 2: approved, with a detail whose owner has another shape: no owner, the move's time.
    incident.run(2, 'f2', 'approved');
    audit.run(
      2,
      't5',
      'proposed',
      'approved',
      'approve',
      JSON.stringify({ proposalId: 2, process: { host: 'h', pid: 'x' } }),
    );
    // 3: applied, the window from the detail's `since`; 4: applied with a detail that is not JSON: the move's time.
    incident.run(3, 'f3', 'applied');
    audit.run(
      3,
      't6',
      'applying',
      'applied',
      'applied',
      JSON.stringify({ proposalId: 3, since: 'landed', actions: [] }),
    );
    incident.run(4, 'f4', 'applied');
    audit.run(4, 't7', 'applying', 'applied', 'applied', 'applied by hand');
    // 5: past the work: nothing in flight, whatever its trail says.
    incident.run(5, 'f5', 'apply_failed');
    audit.run(5, 't8', 'approved', 'applying', 'apply', JSON.stringify({ process: LIVE_HERE }));

    const store = open(path);

    expect(store.inFlightWork(1)).toEqual({ state: 'applying', owner: LIVE_HERE, ownerSince: 't4' });
    expect(store.inFlightWork(2)).toEqual({ state: 'approved', ownerSince: 't5' });
    expect(store.inFlightWork(3)).toEqual({ state: 'applied', verifySince: 'landed' });
    expect(store.inFlightWork(4)).toEqual({ state: 'applied', verifySince: 't7' });
    expect(store.inFlightWork(5)).toEqual({ state: 'apply_failed' });
    expect(store.inFlightWork(6)).toBeUndefined();

    // The converted owner keeps the live apply; the approval with no owner is expired as interrupted.
    expect(recoverInterrupted(depsOf(store))).toBe(1);
    expect(store.getIncident(1)?.state).toBe('applying');
    expect(store.getIncident(2)?.state).toBe('expired');
  });
});

describe('the owner of an apply', () => {
  function applying(store: Store, owner: { host: string; pid: number }, detail: Record<string, unknown>): number {
    const { id } = store.createIncident(newIncident(), 'detector');
    bringTo(store, id, 'approved');
    expect(store.transition(id, 'approved', 'applying', { actor: 'cli:alice', action: 'apply', owner, detail })).toBe(
      true,
    );
    return id;
  }

  it('is written typed with the move, and an audit detail of another shape changes nothing about recovery', () => {
    const path = tempDbPath();
    const store = open(path);
    const id = applying(store, LIVE_HERE, { proposalId: 1, runner: `${LIVE_HERE.host}:${LIVE_HERE.pid}` });

    expect(store.inFlightWork(id)).toMatchObject({ state: 'applying', owner: LIVE_HERE });
    expect(recoverInterrupted(depsOf(store))).toBe(0);

    // Whatever the trail says afterwards (another shape, not JSON, no detail at all), the typed owner decides.
    const db = raw(path);
    for (const detail of [
      JSON.stringify({ process: { host: hostname(), pid: 'gone' } }),
      JSON.stringify({ process: null }),
      'not json',
      null,
    ]) {
      db.prepare(`UPDATE audit SET detail = ? WHERE incident_id = ? AND to_state = 'applying'`).run(detail, id);
      expect(recoverInterrupted(depsOf(store)), String(detail)).toBe(0);
      expect(store.getIncident(id)?.state).toBe('applying');
    }
  });

  it('counts another host as gone after the stall time from its typed move, not from what a detail names', () => {
    const clock = manualClock();
    const store = open(tempDbPath(), clock);
    // The detail names a live process here; the typed owner is a process on another host.
    const id = applying(store, { host: 'clopus-7d9f-old', pid: 1 }, { proposalId: 1, process: LIVE_HERE });
    const at = (minutes: number) => () => new Date(clock.now().getTime() + minutes * 60_000);

    expect(recoverInterrupted(depsOf(store, at(14)))).toBe(0);
    expect(recoverInterrupted(depsOf(store, at(16)))).toBe(1);
    expect(store.getIncident(id)?.state).toBe('apply_failed');
  });

  it('is cleared by the move that ends the work, and applied keeps when the fix landed', () => {
    const clock = manualClock();
    const store = open(tempDbPath(), clock);
    const id = applying(store, LIVE_HERE, {});
    clock.advance(5);

    expect(
      store.transition(id, 'applying', 'applied', {
        actor: 'cli:alice',
        verifySince: '2025-03-01T12:00:03.000Z',
        detail: { since: 'ignored' },
      }),
    ).toBe(true);
    expect(store.inFlightWork(id)).toEqual({ state: 'applied', verifySince: '2025-03-01T12:00:03.000Z' });
    expect(store.transition(id, 'applied', 'verified', { actor: 'fixer' })).toBe(true);
    expect(store.inFlightWork(id)).toEqual({ state: 'verified' });

    const other = store.createIncident(newIncident({ workloadName: 'api' }), 'detector');
    bringTo(store, other.id, 'applied');
    expect(store.inFlightWork(other.id)).toEqual({ state: 'applied', verifySince: clock.iso() });
  });
});
