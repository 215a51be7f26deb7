// Proposals: summary and actions as JSON plus the rendered diff; at most one pending proposal per incident.
import type { StoreContext } from './context.js';
import { ProposalRow } from './fix-schema.js';
import type { NewProposalRecord, ProposalRecord, ProposalStatus } from './fix-types.js';

const SQL = {
  supersede: `UPDATE proposals SET status = 'superseded' WHERE incident_id = ? AND status = 'pending'`,
  insert: `
    INSERT INTO proposals (incident_id, diagnosis_id, created_at, summary, actions, diff, classes, delivery, status)
    VALUES (@incidentId, @diagnosisId, @createdAt, @summary, @actions, @diff, @classes, @delivery, 'pending')
    RETURNING *`,
  byId: `SELECT * FROM proposals WHERE id = ?`,
  latest: `SELECT * FROM proposals WHERE incident_id = ? ORDER BY id DESC LIMIT 1`,
  ofIncident: `SELECT * FROM proposals WHERE incident_id = ? ORDER BY id`,
  setStatus: `UPDATE proposals SET status = @to WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
} as const;

/**
 * Saves a pending proposal. Earlier pending proposals of the incident become `superseded` in the same
 * transaction, so a reviewer can only ever act on the newest one. Call inside ctx.write.
 */
export function insertProposal(ctx: StoreContext, input: NewProposalRecord): ProposalRecord {
  ctx.prepared(SQL.supersede).run(input.incidentId);
  const row = ctx.prepared(SQL.insert).get({
    incidentId: input.incidentId,
    diagnosisId: input.diagnosisId,
    createdAt: input.createdAt ?? ctx.now(),
    summary: JSON.stringify(input.summary),
    actions: JSON.stringify(input.actions),
    diff: input.diff,
    classes: JSON.stringify(input.classes ?? []),
    delivery: input.delivery === undefined || input.delivery === null ? null : JSON.stringify(input.delivery),
  });
  return ProposalRow.parse(row);
}

export function saveProposal(ctx: StoreContext, input: NewProposalRecord): ProposalRecord {
  return ctx.write(() => insertProposal(ctx, input));
}

export function getProposal(ctx: StoreContext, id: number): ProposalRecord | undefined {
  const row = ctx.prepared(SQL.byId).get(id);
  return row === undefined ? undefined : ProposalRow.parse(row);
}

/** The incident's newest proposal, whatever its status. */
export function latestProposal(ctx: StoreContext, incidentId: number): ProposalRecord | undefined {
  const row = ctx.prepared(SQL.latest).get(incidentId);
  return row === undefined ? undefined : ProposalRow.parse(row);
}

export function listProposals(ctx: StoreContext, incidentId: number): ProposalRecord[] {
  return ctx
    .prepared(SQL.ofIncident)
    .all(incidentId)
    .map((row) => ProposalRow.parse(row));
}

/** Moves a proposal to `to` if it is still in one of `from`; false (nothing written) when it is not. */
export function setProposalStatus(
  ctx: StoreContext,
  id: number,
  from: ProposalStatus | readonly ProposalStatus[],
  to: ProposalStatus,
): boolean {
  const froms = typeof from === 'string' ? [from] : from;
  return ctx.prepared(SQL.setStatus).run({ id, to, from: JSON.stringify(froms) }).changes === 1;
}
