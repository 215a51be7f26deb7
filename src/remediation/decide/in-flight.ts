// Which incidents this process is applying right now, and how an `applying` left by another process is told from
// one still running. The owner written with the move is the process (host and pid), so this registry is per
// process, not per service instance.
import { hostname } from 'node:os';
import type { Store } from '../../store/index.js';

const inFlight = new Set<string>();
const key = (store: Pick<Store, 'path'>, incidentId: number): string => `${store.path}#${incidentId}`;

/**
 * Written with the move into `approved` and `applying`, typed on the incident (`store.inFlightWork`, read by
 * recovery) and in the audit detail (for the timeline only), so a restart can tell whose work it was.
 */
export interface ProcessOwner {
  host: string;
  pid: number;
}

export const thisProcess = (): ProcessOwner => ({ host: hostname(), pid: process.pid });

export function beginWork(store: Pick<Store, 'path'>, incidentId: number): void {
  inFlight.add(key(store, incidentId));
}

export function endWork(store: Pick<Store, 'path'>, incidentId: number): void {
  inFlight.delete(key(store, incidentId));
}

export function workingHere(store: Pick<Store, 'path'>, incidentId: number): boolean {
  return inFlight.has(key(store, incidentId));
}

/** Whether a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that moved an incident into `approved`/`applying` is gone. On this host that is exact: this
 * process is not working on it (a restarted container often gets the same pid), or the pid is dead. Another host
 * (a replaced pod) cannot be asked, so its work counts as gone after `stallMs`. No owner recorded: gone.
 */
export function ownerGone(owner: ProcessOwner | undefined, since: string, nowMs: number, stallMs: number): boolean {
  if (!owner) return true;
  if (owner.host === hostname()) return owner.pid === process.pid || !pidAlive(owner.pid);
  return nowMs - Date.parse(since) > stallMs;
}
