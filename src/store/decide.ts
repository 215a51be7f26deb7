// Deciding on a proposal: the decision row, the proposal's status and the incident's move, in one transaction, so
// that Approve and Reject clicked at once (or twenty retries of either) end in exactly one decision.
import { ClopusError } from '../errors.js';
import { advance } from './advance.js';
import type { StoreContext } from './context.js';
import { listDecisions, recordDecision, removeDecision } from './decisions.js';
import type { ApprovalWithdrawal, ProposalDecision, ProposalDecisionResult } from './fix-types.js';
import { getProposal, setProposalStatus } from './proposals.js';
import { StateRow } from './schema.js';

const list = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? v : [v as T]);

/**
 * Records `decision` on a proposal and moves the incident `from → to` and the proposal `proposalFrom → proposalTo`,
 * all or nothing. Answers `already` with the first decision when this kind (or one it `excludes`) was made before,
 * and `moved_on` with the current states when the incident or the proposal is no longer where the decision needs it.
 */
export function decideProposal(ctx: StoreContext, input: ProposalDecision): ProposalDecisionResult {
  return ctx.write(() => {
    const proposal = getProposal(ctx, input.proposalId);
    if (proposal === undefined) throw new ClopusError('NOT_FOUND', `Proposal ${input.proposalId} does not exist.`);
    const kinds = [input.decision, ...(input.excludes ?? [])];
    const first = listDecisions(ctx, input.proposalId).find((d) => kinds.includes(d.decision));
    if (first) return { outcome: 'already', decision: first };
    const stateRow = ctx.sql.stateOf.get(input.incidentId);
    if (stateRow === undefined) throw new ClopusError('NOT_FOUND', `Incident ${input.incidentId} does not exist.`);
    const state = StateRow.parse(stateRow).state;
    if (!list(input.proposalFrom).includes(proposal.status))
      return { outcome: 'moved_on', state, proposalStatus: proposal.status };
    const moved = advance(ctx, input.incidentId, input.from, input.to, {
      actor: input.actor,
      action: input.decision,
      detail: input.audit ?? null,
      ...(input.owner ? { owner: input.owner } : {}),
    });
    if (!moved) return { outcome: 'moved_on', state, proposalStatus: proposal.status };
    const { decision } = recordDecision(ctx, {
      proposalId: input.proposalId,
      incidentId: input.incidentId,
      actor: input.actor,
      decision: input.decision,
      via: input.via,
      detail: input.detail ?? null,
    });
    setProposalStatus(ctx, input.proposalId, input.proposalFrom, input.proposalTo);
    return { outcome: 'decided', decision };
  });
}

/**
 * Takes back an approval nothing acted on: `approved → proposed`, the proposal `approved → pending`, the approve row
 * removed (the audit row keeps who approved, when and how), all or nothing. False when either has moved on.
 */
export function withdrawApproval(ctx: StoreContext, input: ApprovalWithdrawal): boolean {
  return ctx.write(() => {
    const proposal = getProposal(ctx, input.proposalId);
    if (proposal?.status !== 'approved' || proposal.incidentId !== input.incidentId) return false;
    const approval = listDecisions(ctx, input.proposalId).find((d) => d.decision === 'approve');
    const withdrawn = approval ? { actor: approval.actor, at: approval.at, via: approval.via } : null;
    const moved = advance(ctx, input.incidentId, 'approved', 'proposed', {
      actor: input.actor,
      action: input.action,
      detail: { ...input.detail, withdrawn },
    });
    if (!moved) return false;
    removeDecision(ctx, input.proposalId, 'approve');
    setProposalStatus(ctx, input.proposalId, 'approved', 'pending');
    return true;
  });
}
