// Waiting for a fix's verdict, as `clopus approve --wait` does: this process watches the workload itself, and
// returns as soon as any verdict is recorded, its own or another process's (a running serve or demo verifying the
// same database), instead of sitting out its own window.
import { setTimeout as sleep } from 'node:timers/promises';
import type { VerifyLook } from '../apply/index.js';
import { lastReason, notFound, refused } from './describe.js';
import type { DecideDeps, DecisionResult } from './types.js';
import { verdictResult, verifyIncident } from './verify.js';

/** How a wait for the verdict is going, for a person watching a terminal. */
export interface VerifyProgress {
  ready: number;
  want: number;
  secondsLeft: number;
  /** "waiting for verification: 3 of 4 pods ready, 40 s left" */
  text: string;
}

export interface AwaitVerdictOptions {
  /** Called after each look at the workload. */
  onProgress?: (progress: VerifyProgress) => void;
  /** How often the store is read for a verdict another process recorded; default 500 ms. */
  storePollMs?: number;
}

function progressOf(look: VerifyLook): VerifyProgress {
  const secondsLeft = Math.ceil(look.msLeft / 1000);
  const text = `waiting for verification: ${look.ready} of ${look.want} pod${look.want === 1 ? '' : 's'} ready, ${secondsLeft} s left`;
  return { ready: look.ready, want: look.want, secondsLeft, text };
}

/**
 * The window the verdict's recorder used, as its audit row says; this process's when it says none. Only the
 * answer's wording (its "within N s") comes from here; no decision is made on it.
 */
function windowOf(deps: DecideDeps, incidentId: number, state: string): number {
  const entry = deps.store.auditTrail(incidentId).findLast((a) => a.toState === state);
  try {
    const seconds = (JSON.parse(entry?.detail ?? 'null') as { windowSeconds?: unknown } | null)?.windowSeconds;
    if (typeof seconds === 'number') return seconds;
  } catch {
    // A detail that is not JSON names no window.
  }
  return deps.config.verifyWindowSeconds;
}

/** The answer for what another process recorded (or did instead: a rollback). */
function recorded(deps: DecideDeps, incidentId: number): DecisionResult {
  const incident = deps.store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  const proposalId = deps.store.latestProposal(incidentId)?.id;
  if (incident.state !== 'verified' && incident.state !== 'regressed') {
    return refused(incident, `Incident ${incidentId} is ${incident.state} now; no verdict was recorded.`, proposalId);
  }
  const detail = lastReason(deps.store, incidentId, incident.state)?.reason ?? 'recorded by another Clopus process';
  return verdictResult(
    incident,
    { verdict: incident.state, detail },
    windowOf(deps, incidentId, incident.state),
    proposalId,
  );
}

/** Verifies incident `incidentId` here, returning early with the verdict another process records first. */
export async function awaitVerdict(
  deps: DecideDeps,
  incidentId: number,
  opts: AwaitVerdictOptions = {},
): Promise<DecisionResult> {
  if (deps.store.getIncident(incidentId)?.state !== 'applied') return recorded(deps, incidentId);
  const own = new AbortController();
  const onProgress = opts.onProgress;
  const mine = verifyIncident(deps, incidentId, {
    signal: own.signal,
    ...(onProgress ? { onLook: (look: VerifyLook) => onProgress(progressOf(look)) } : {}),
  });
  const polling = new AbortController();
  const theirs = (async (): Promise<'recorded' | undefined> => {
    for (;;) {
      await sleep(opts.storePollMs ?? 500, undefined, { signal: polling.signal });
      if (deps.store.getIncident(incidentId)?.state !== 'applied') return 'recorded';
    }
  })().catch(() => undefined);
  try {
    const first = await Promise.race([mine, theirs]);
    if (first !== 'recorded' && first !== undefined) return first;
    own.abort();
    await mine.catch(() => undefined);
    return recorded(deps, incidentId);
  } finally {
    polling.abort();
    await theirs;
  }
}
