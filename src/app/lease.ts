// One `clopus serve` per database. Two bots on one file would each post every incident and race every apply; the
// Deployment runs one replica with the Recreate strategy, so a second live server is always a mistake, and it
// refuses to start rather than fence every write. `clopus approve`, `incidents` and the other commands need no lease.
import { hostname } from 'node:os';
import { ClopusError } from '../errors.js';
import type { Logger } from '../logger.js';
import { pidAlive } from '../remediation/index.js';
import type { LeaseHolder, Store } from '../store/index.js';

const LEASE = 'serve';
/**
 * A holder on another host (a pod on a lost node) counts as gone once its heartbeat is this old; on this host a
 * dead pid is enough, so a restart after a crash starts at once.
 */
export const LEASE_TTL_MS = 30_000;
const HEARTBEAT_MS = 5_000;

export interface ServeLease {
  release(): void;
}

function heldBy(path: string, h: LeaseHolder): ClopusError {
  return new ClopusError(
    'STORE_ERROR',
    `another clopus serve holds the database ${path}: pid ${h.pid} on host ${h.host}, running since ${h.startedAt} (last heartbeat ${h.heartbeatAt}). ` +
      'Stop it before starting this one; in Kubernetes run the Deployment with 1 replica and strategy Recreate.',
  );
}

/**
 * Takes the database for this process, or throws naming the live holder; the heartbeat keeps it until release. If
 * another server took it over meanwhile (this one stalled past the TTL), `onLost` is called once: two must not act.
 */
export function holdServeLease(
  store: Store,
  logger: Logger,
  onLost: (holder: string) => void = () => undefined,
): ServeLease {
  const me = { host: hostname(), pid: process.pid };
  // The same pid on this host is an earlier run of this container (pid 1 again), not a live rival.
  const gone = (h: LeaseHolder): boolean =>
    (h.host === me.host && (h.pid === me.pid || !pidAlive(h.pid))) ||
    Date.now() - Date.parse(h.heartbeatAt) > LEASE_TTL_MS;
  const claim = store.acquireLease(LEASE, me, gone);
  if (!claim.acquired) throw heldBy(store.path, claim.holder);
  const holder = claim.holder;
  const timer = setInterval(() => {
    try {
      if (store.renewLease(LEASE, holder)) return;
      clearInterval(timer);
      const now = store.leaseHolder(LEASE);
      logger.error({ db: store.path, holder: now }, 'serve lease taken over by another process; stopping');
      onLost(now ? `pid ${now.pid} on host ${now.host}` : 'nobody (the lease was released)');
    } catch (err) {
      logger.warn({ err, db: store.path }, 'serve lease heartbeat failed');
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      try {
        store.releaseLease(LEASE, holder);
      } catch (err) {
        logger.warn({ err, db: store.path }, 'serve lease release failed');
      }
    },
  };
}
