// Decisions on proposals: one row per proposal and kind, so a double click or a Slack retry records nothing new.
import { ClopusError } from '../errors.js';
import type { StoreContext } from './context.js';
import { DecisionRow, ProposalOwnerRow } from './fix-schema.js';
import type { Decision, NewDecision } from './fix-types.js';

const SQL = {
  insert: `
    INSERT INTO decisions (proposal_id, incident_id, actor, decision, at, via, detail)
    VALUES (@proposalId, @incidentId, @actor, @decision, @at, @via, @detail)
    ON CONFLICT (proposal_id, decision) DO NOTHING
    RETURNING *`,
  existing: `SELECT * FROM decisions WHERE proposal_id = ? AND decision = ?`,
  ofProposal: `SELECT * FROM decisions WHERE proposal_id = ? ORDER BY id`,
  owner: `SELECT incident_id FROM proposals WHERE id = ?`,
  remove: `DELETE FROM decisions WHERE proposal_id = ? AND decision = ? RETURNING *`,
} as const;

/**
 * Records a decision. `created` is false when this proposal already has a decision of this kind: the returned
 * row is then the first one (its actor and time), and the caller should not act a second time.
 */
export function recordDecision(ctx: StoreContext, input: NewDecision): { decision: Decision; created: boolean } {
  return ctx.write(() => {
    const raw = ctx.prepared(SQL.owner).get(input.proposalId);
    if (raw === undefined) throw new ClopusError('NOT_FOUND', `Proposal ${input.proposalId} does not exist.`);
    const owner = ProposalOwnerRow.parse(raw).incident_id;
    if (owner !== input.incidentId) {
      throw new ClopusError(
        'INPUT_INVALID',
        `Proposal ${input.proposalId} belongs to incident ${owner}, not ${input.incidentId}.`,
      );
    }
    const row = ctx.prepared(SQL.insert).get({
      proposalId: input.proposalId,
      incidentId: input.incidentId,
      actor: input.actor,
      decision: input.decision,
      at: input.at ?? ctx.now(),
      via: input.via,
      detail: input.detail ?? null,
    });
    if (row !== undefined) return { decision: DecisionRow.parse(row), created: true };
    const first = ctx.prepared(SQL.existing).get(input.proposalId, input.decision);
    if (first === undefined)
      throw new ClopusError('STORE_ERROR', `Decision on proposal ${input.proposalId} conflicted but does not exist.`);
    return { decision: DecisionRow.parse(first), created: false };
  });
}

export function listDecisions(ctx: StoreContext, proposalId: number): Decision[] {
  return ctx
    .prepared(SQL.ofProposal)
    .all(proposalId)
    .map((row) => DecisionRow.parse(row));
}

/** Removes a proposal's decision of one kind (an approval taken back before it was acted on); the row, if any. */
export function removeDecision(
  ctx: StoreContext,
  proposalId: number,
  kind: Decision['decision'],
): Decision | undefined {
  const row = ctx.prepared(SQL.remove).get(proposalId, kind);
  return row === undefined ? undefined : DecisionRow.parse(row);
}
