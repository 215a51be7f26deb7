// An approval whose re-check never saw the cluster (unreachable, credentials or RBAC refused, the server failing):
// nothing is known against the proposal, so it is not stale. The approval is withdrawn unused and the proposal
// waits again, to be approved once the cluster answers; only what the cluster answers can expire a proposal.

import type { StoredProposal } from '../../planner/index.js';
import type { Incident } from '../../store/index.js';
import type { RecheckFailure } from '../apply/index.js';
import { refused } from './describe.js';
import type { DecideDeps, DecisionResult } from './types.js';

const TRY_AGAIN: Record<RecheckFailure['kind'], string> = {
  unreachable: 'Try again once the cluster is reachable (check the VPN and the kubeconfig context).',
  credentials:
    'Try again once the credentials or RBAC are fixed (the kubeconfig user, or the Role bound to the account Clopus uses).',
  server: 'Try again in a moment.',
  error: 'Try again.',
};

/** From `approved`: withdraws the approval (`approved → proposed`, its decision row removed) and says why. */
export function withdrawUnchecked(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  actor: string,
  failure: RecheckFailure,
): DecisionResult {
  const { store } = deps;
  const id = incident.id;
  const detail = { proposalId: proposal.id, kind: failure.kind, reason: failure.sentence };
  if (!store.withdrawApproval({ proposalId: proposal.id, incidentId: id, actor, action: 'recheck_failed', detail })) {
    const now = store.getIncident(id) ?? incident;
    return refused(
      now,
      `Not applied: ${failure.sentence}. Nothing was changed; meanwhile incident ${id} became ${now.state}.`,
      proposal.id,
    );
  }
  deps.logger.info(
    { incidentId: id, proposalId: proposal.id, actor, kind: failure.kind },
    'approval withdrawn: the re-check could not read the cluster',
  );
  return {
    ok: false,
    outcome: 'recheck_failed',
    incidentId: id,
    proposalId: proposal.id,
    state: 'proposed',
    message: `Not applied: ${failure.sentence}. Nothing was changed, and the approval was not used: proposal ${proposal.id} still waits for a decision. ${TRY_AGAIN[failure.kind]}`,
    next: `Approve it again with: clopus approve ${id} --proposal ${proposal.id}`,
  };
}
