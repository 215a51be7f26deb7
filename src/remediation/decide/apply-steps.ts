// Steps every way of approving shares: expiring a proposal that no longer fits, and applying live actions (a
// proposal's, or the live patch offered beside a PR) with what they did as action lines.
import { describeError } from '../../errors.js';
import type { Proposal } from '../../planner/proposal/index.js';
import type { Incident } from '../../store/index.js';
import { type ApplyOutcome, applyProposal, type PlannedState, storeActionRecorder } from '../apply/index.js';
import { nextStep } from './describe.js';
import { applyIncidentOf } from './incident-view.js';
import type { ActionLine, DecideDeps, DecisionResult } from './types.js';

export const linesOf = (outcome: ApplyOutcome): ActionLine[] =>
  outcome.results.map((r) => ({ seq: r.seq, kind: r.kind, status: r.status, detail: r.detail }));

/** From `approved`: the proposal no longer fits (`reason`); it expires, and `message` says what was not done. */
export function expireStale(
  deps: DecideDeps,
  incident: Incident,
  proposalId: number,
  actor: string,
  reason: string,
  message: string,
): DecisionResult {
  const id = incident.id;
  deps.store.transition(id, 'approved', 'expired', { actor, action: 'stale', detail: { proposalId, reason } });
  deps.store.setProposalStatus(proposalId, 'approved', 'expired');
  return {
    incidentId: id,
    proposalId,
    ok: false,
    outcome: 'expired',
    state: 'expired',
    message,
    next: nextStep({ id, state: 'expired' })!,
  };
}

/** Applies `proposal`'s live actions as planned; an error on the way is an `apply_failed` outcome, never a throw. */
export async function applyLive(
  deps: DecideDeps,
  incident: Incident,
  proposalId: number,
  proposal: Proposal,
  planned: PlannedState,
): Promise<ApplyOutcome> {
  try {
    return await applyProposal({
      kube: deps.kube,
      proposalId,
      proposal,
      incident: applyIncidentOf(incident),
      planned,
      ...(deps.config.envelope ? { envelope: deps.config.envelope } : {}),
      recorder: deps.recorder ?? storeActionRecorder(deps.store),
      logger: deps.logger,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.execTimeoutMs ? { execTimeoutMs: deps.execTimeoutMs } : {}),
    });
  } catch (err) {
    return {
      status: 'apply_failed',
      results: [],
      reason: `applying stopped on an error: ${describeError(err)}`,
      at: new Date().toISOString(),
    };
  }
}
