// Rejecting: one guarded decision (`proposed → rejected`, the proposal with it); nothing is applied, ever.
import type { DecisionChannel } from '../../store/index.js';
import { type ExpectedProposal, replacedBecause } from './binding.js';
import { alreadyDecided, label, notDecidable, notFound, refused } from './describe.js';
import type { DecideDeps, DecisionResult } from './types.js';

export interface RejectOptions {
  /** The proposal the person saw (a button); anything else is refused, as for approve. */
  expected?: ExpectedProposal;
}

/** Rejects incident `incidentId`'s latest proposal, with an optional reason kept on the decision; needs no cluster. */
export async function rejectIncident(
  deps: Pick<DecideDeps, 'store' | 'logger'>,
  incidentId: number,
  actor: string,
  via: DecisionChannel,
  reason?: string,
  opts: RejectOptions = {},
): Promise<DecisionResult> {
  const { store } = deps;
  const incident = store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  const proposal = store.latestProposal(incidentId);
  if (!proposal)
    return refused(incident, `Incident ${incidentId} has no proposal to reject (it is ${incident.state}).`);
  const replaced = opts.expected ? replacedBecause(incidentId, proposal, opts.expected) : undefined;
  if (replaced) return refused(incident, `Not rejected: ${replaced}`, proposal.id);
  const why = reason?.trim() || undefined;

  const decided = store.decideProposal({
    proposalId: proposal.id,
    incidentId,
    actor,
    decision: 'reject',
    via,
    excludes: ['approve'],
    detail: why ?? null,
    from: 'proposed',
    to: 'rejected',
    proposalFrom: 'pending',
    proposalTo: 'rejected',
    audit: { proposalId: proposal.id, via, ...(why ? { reason: why } : {}) },
  });
  if (decided.outcome === 'already') return alreadyDecided(store.getIncident(incidentId) ?? incident, decided.decision);
  if (decided.outcome === 'moved_on') {
    const now = store.getIncident(incidentId) ?? incident;
    return refused(
      now,
      `Not rejected: ${notDecidable(store, now, { id: proposal.id, status: decided.proposalStatus })}`,
      proposal.id,
    );
  }
  deps.logger.info({ incidentId, proposalId: proposal.id, actor, via }, 'proposal rejected');
  return {
    ok: true,
    outcome: 'rejected',
    incidentId,
    proposalId: proposal.id,
    state: 'rejected',
    message: `Rejected by ${actor}${why ? ` (${why})` : ''}: nothing will be applied to ${label(incident)}.`,
    next: 'Fix the workload by hand; the incident resolves when it recovers.',
  };
}
