// Shared arrangements for store tests: temp database files, a pinned clock, incidents and pods.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { IncidentState } from '../../src/core/index.js';
import { type IncidentPod, type NewIncident, openStore, type Store } from '../../src/store/index.js';
import { TRANSITIONS } from '../../src/store/transitions.js';

const dirs: string[] = [];
const closers: Array<() => void> = [];

export function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clopus-store-'));
  dirs.push(dir);
  return join(dir, 'clopus.db');
}

/** A clock that only moves when told to. */
export function manualClock(start = '2025-03-01T12:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    iso: () => new Date(t).toISOString(),
    advance(seconds: number) {
      t += seconds * 1000;
    },
  };
}

export type ManualClock = ReturnType<typeof manualClock>;

/** Opens a store that `cleanup` closes. */
export function open(path: string, clock?: ManualClock): Store {
  const store = openStore(path, clock ? { now: clock.now } : {});
  closers.push(() => store.close());
  return store;
}

/** A raw connection for asserting what is on disk. */
export function raw(path: string): Sqlite.Database {
  const db = new Sqlite(path);
  closers.push(() => db.close());
  return db;
}

export function cleanup(): void {
  for (const close of closers.splice(0)) close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function pod(name: string, overrides: Partial<IncidentPod> = {}): IncidentPod {
  return {
    name,
    uid: `uid-${name}`,
    restarts: 3,
    message: 'back-off restarting failed container',
    lastSeenAt: '2025-03-01T12:00:00.000Z',
    ...overrides,
  };
}

export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  const workloadName = overrides.workloadName ?? 'web';
  const namespace = overrides.namespace ?? 'shop';
  const reason = overrides.reason ?? 'CrashLoopBackOff';
  return {
    fingerprint: `prod/${namespace}/Deployment/${workloadName}/app/${reason}`,
    cluster: 'prod',
    namespace,
    workloadKind: 'Deployment',
    workloadName,
    container: 'app',
    reason,
    message: 'back-off restarting failed container (exit 1)',
    restarts: 3,
    pods: [pod(`${workloadName}-1`), pod(`${workloadName}-2`)],
    ...overrides,
  };
}

/** The shortest chain of allowed moves from `open` to `target`. */
export function pathTo(target: IncidentState): IncidentState[] {
  const previous = new Map<IncidentState, IncidentState | null>([['open', null]]);
  const queue: IncidentState[] = ['open'];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of TRANSITIONS[state]) {
      if (!previous.has(next)) {
        previous.set(next, state);
        queue.push(next);
      }
    }
  }
  const path: IncidentState[] = [];
  for (let s: IncidentState | null | undefined = target; s != null && s !== 'open'; s = previous.get(s))
    path.unshift(s);
  return path;
}

/** Walks an incident from `open` to `target` through allowed moves. */
export function bringTo(store: Store, id: number, target: IncidentState): void {
  let from: IncidentState = 'open';
  for (const to of pathTo(target)) {
    if (!store.transition(id, from, to, { actor: 'setup' })) throw new Error(`setup could not move ${from} → ${to}`);
    from = to;
  }
}
