// Judging an applied fix: watch the workload from the time it was applied through the window, then move the
// incident `applied → verified | regressed`. Reads everything from the store, so it can run in any process, now
// or after a restart; the guarded move makes a second verifier harmless.

import { FIXER_ACTOR } from '../../core/index.js';
import { describeError } from '../../errors.js';
import type { Incident } from '../../store/index.js';
import { type VerifyLook, type VerifyOutcome, verifyWorkload } from '../apply/index.js';
import { label, lastReason, nextStep, notFound, refused } from './describe.js';
import { applyIncidentOf, verifySinceOf } from './incident-view.js';
import type { DecideDeps, DecisionResult } from './types.js';

/** The answer for a recorded verdict, whichever process recorded it. */
export function verdictResult(
  incident: Incident,
  verdict: VerifyOutcome,
  windowSeconds: number,
  proposalId: number | undefined,
): DecisionResult {
  const incidentId = incident.id;
  const base = { incidentId, state: verdict.verdict, ...(proposalId ? { proposalId } : {}) };
  if (verdict.verdict === 'verified') {
    return {
      ...base,
      ok: true,
      outcome: 'verified',
      message: `Verified: ${label(incident)}: ${verdict.detail}.`,
      next: 'Nothing to do; the incident is closed.',
    };
  }
  return {
    ...base,
    ok: false,
    outcome: 'regressed',
    message: `Regressed: the fix did not make ${label(incident)} healthy within ${windowSeconds} s: ${verdict.detail}.`,
    next: nextStep({ id: incidentId, state: 'regressed' })!,
  };
}

/**
 * Verifies incident `incidentId` if it is `applied`; rejects only when `signal` aborts (nothing is recorded then).
 * `onLook` hears each look at the workload.
 */
export async function verifyIncident(
  deps: DecideDeps,
  incidentId: number,
  opts: { signal?: AbortSignal; onLook?: (look: VerifyLook) => void } = {},
): Promise<DecisionResult> {
  const { store, logger } = deps;
  const incident = store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  if (incident.state !== 'applied')
    return refused(incident, `Incident ${incidentId} is ${incident.state}; there is no applied fix to verify.`);
  const proposalId = store.latestProposal(incidentId)?.id;
  const since = verifySinceOf(store, incident);
  const windowSeconds = deps.config.verifyWindowSeconds;

  let verdict: Awaited<ReturnType<typeof verifyWorkload>>;
  try {
    verdict = await verifyWorkload({
      kube: deps.kube,
      incident: applyIncidentOf(incident),
      since,
      windowMs: windowSeconds * 1000,
      logger,
      ...(deps.verifyPollMs ? { pollMs: deps.verifyPollMs } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onLook ? { onLook: opts.onLook } : {}),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    logger.warn({ err, incidentId }, 'verification could not look at the workload');
    return {
      ok: false,
      outcome: 'verification_error',
      incidentId,
      state: 'applied',
      ...(proposalId ? { proposalId } : {}),
      message: `Could not verify ${label(incident)}: ${describeError(err)}. The incident stays applied; Clopus tries again on its next pass.`,
    };
  }

  // A rollback asked for while watching wins: the fix is being undone, so no verdict is recorded over it.
  if (proposalId !== undefined && store.listDecisions(proposalId).some((d) => d.decision === 'rollback')) {
    const now = store.getIncident(incidentId) ?? incident;
    return refused(
      now,
      `A rollback of incident ${incidentId} was asked for while it was being verified; the verdict (${verdict.verdict}: ${verdict.detail}) was not recorded.`,
      proposalId,
    );
  }
  const detail = { proposalId, verdict: verdict.verdict, detail: verdict.detail, since, windowSeconds };
  if (
    !store.transition(incidentId, 'applied', verdict.verdict, { actor: FIXER_ACTOR, action: verdict.verdict, detail })
  ) {
    const now = store.getIncident(incidentId) ?? incident;
    if (now.state !== 'verified' && now.state !== 'regressed') {
      return refused(
        now,
        `Incident ${incidentId} is ${now.state} now; the verdict (${verdict.verdict}) was not recorded.`,
        proposalId,
      );
    }
    // Another verifier (serve, or a second `approve --wait`) judged first: its verdict is the one that counts.
    verdict = { verdict: now.state, detail: lastReason(store, incidentId, now.state)?.reason ?? verdict.detail };
  }
  return verdictResult(incident, verdict, windowSeconds, proposalId);
}
