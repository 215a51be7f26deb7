// Revisions: a reviewer's "Request changes" on a pending proposal, and the diagnosis and proposal that answer it.
import { ClopusError } from '../errors.js';
import { advance } from './advance.js';
import type { StoreContext } from './context.js';
import { CountRow } from './fix-schema.js';
import { getProposal, latestProposal, setProposalStatus } from './proposals.js';
import { RevisionRow } from './review-schema.js';
import type { Revision, RevisionRequest, RevisionResult } from './review-types.js';
import { StateRow } from './schema.js';

const SQL = {
  count: `SELECT count(*) AS n FROM revisions WHERE incident_id = ?`,
  insert: `
    INSERT INTO revisions (incident_id, proposal_id, number, requested_by, request, via, created_at)
    VALUES (@incidentId, @proposalId, @number, @requestedBy, @request, @via, @createdAt)
    RETURNING *`,
  ofIncident: `SELECT * FROM revisions WHERE incident_id = ? ORDER BY number`,
  latest: `SELECT * FROM revisions WHERE incident_id = ? ORDER BY number DESC LIMIT 1`,
  // The diagnosis learns its revision too (unless it was started with one), so concluding it links the proposal.
  attach: `UPDATE revisions SET diagnosis_id = @diagnosisId WHERE id = @revisionId`,
  attachDiagnosis: `UPDATE diagnoses SET revision_id = coalesce(revision_id, @revisionId) WHERE id = @diagnosisId`,
  proposalAfter: `UPDATE revisions SET proposal_after_id = @proposalId WHERE id = @revisionId`,
} as const;

const words = (status: string) => status.replaceAll('_', ' ');

function stateOf(ctx: StoreContext, incidentId: number): string {
  const row = ctx.sql.stateOf.get(incidentId);
  if (row === undefined) throw new ClopusError('NOT_FOUND', `Incident ${incidentId} does not exist.`);
  return StateRow.parse(row).state;
}

/** Why the request can no longer apply, as the reviewer should read it; undefined when it still can. */
function movedOn(ctx: StoreContext, r: RevisionRequest): string | undefined {
  const proposal = getProposal(ctx, r.proposalId);
  if (proposal === undefined) throw new ClopusError('NOT_FOUND', `Proposal ${r.proposalId} does not exist.`);
  if (proposal.incidentId !== r.incidentId)
    throw new ClopusError(
      'INPUT_INVALID',
      `Proposal ${r.proposalId} belongs to incident ${proposal.incidentId}, not ${r.incidentId}.`,
    );
  const lead = `Incident ${r.incidentId} is no longer waiting for a decision on proposal ${r.proposalId}`;
  const latest = latestProposal(ctx, r.incidentId);
  if (latest !== undefined && latest.id !== proposal.id) return `${lead} (proposal ${latest.id} replaced it).`;
  if (proposal.status !== 'pending') return `${lead} (it is ${words(proposal.status)} now).`;
  const state = stateOf(ctx, r.incidentId);
  if (state !== 'proposed') return `${lead} (the incident is ${words(state)} now).`;
  return undefined;
}

/**
 * Supersedes the proposal and moves the incident `proposed → revising` with one audit row, recording the request
 * as the incident's next revision, all or nothing. A proposal that is no longer the incident's pending one (a
 * double submit, a decision that got there first) answers `moved_on`; an incident at `maxRevisions` answers `limit`.
 */
export function requestRevision(ctx: StoreContext, r: RevisionRequest): RevisionResult {
  return ctx.write((): RevisionResult => {
    // Moved on is checked first: the limit's advice (approve or reject the proposal) only fits a proposal still open.
    const stale = movedOn(ctx, r);
    if (stale !== undefined) return { ok: false, outcome: 'moved_on', message: stale };
    const had = CountRow.parse(ctx.prepared(SQL.count).get(r.incidentId)).n;
    if (had >= r.maxRevisions) {
      const message =
        `Incident ${r.incidentId} already had ${had} revision${had === 1 ? '' : 's'}, the most allowed ` +
        `(fixer.maxRevisions); approve or reject proposal ${r.proposalId}, or raise the limit.`;
      return { ok: false, outcome: 'limit', message };
    }
    const number = had + 1;
    const moved = advance(ctx, r.incidentId, 'proposed', 'revising', {
      actor: r.actor,
      action: 'request_changes',
      detail: { proposalId: r.proposalId, revision: number, request: r.request },
    });
    if (!moved) {
      const state = words(stateOf(ctx, r.incidentId));
      const message = `Incident ${r.incidentId} is no longer waiting for a decision on proposal ${r.proposalId} (the incident is ${state} now).`;
      return { ok: false, outcome: 'moved_on', message };
    }
    if (!setProposalStatus(ctx, r.proposalId, 'pending', 'superseded'))
      throw new ClopusError('STORE_ERROR', `Proposal ${r.proposalId} changed while its revision was being recorded.`);
    const row = ctx.prepared(SQL.insert).get({
      incidentId: r.incidentId,
      proposalId: r.proposalId,
      number,
      requestedBy: r.actor,
      request: r.request,
      via: r.via,
      createdAt: r.at ?? ctx.now(),
    });
    return { ok: true, revision: RevisionRow.parse(row) };
  });
}

/** Every revision of an incident, oldest first. */
export function revisionsOf(ctx: StoreContext, incidentId: number): Revision[] {
  return ctx
    .prepared(SQL.ofIncident)
    .all(incidentId)
    .map((row) => RevisionRow.parse(row));
}

export function latestRevision(ctx: StoreContext, incidentId: number): Revision | undefined {
  const row = ctx.prepared(SQL.latest).get(incidentId);
  return row === undefined ? undefined : RevisionRow.parse(row);
}

/** Names the diagnosis that revises the proposal (and the revision on the diagnosis, if it was started without). */
export function attachRevisionDiagnosis(ctx: StoreContext, revisionId: number, diagnosisId: number): void {
  ctx.write(() => {
    if (ctx.prepared(SQL.attach).run({ revisionId, diagnosisId }).changes !== 1)
      throw new ClopusError('NOT_FOUND', `Revision ${revisionId} does not exist.`);
    if (ctx.prepared(SQL.attachDiagnosis).run({ revisionId, diagnosisId }).changes !== 1)
      throw new ClopusError('NOT_FOUND', `Diagnosis ${diagnosisId} does not exist.`);
  });
}

/** Records the proposal a revision's diagnosis concluded with; call inside ctx.write (conclude.ts). */
export function setRevisedProposal(ctx: StoreContext, revisionId: number, proposalId: number): void {
  ctx.prepared(SQL.proposalAfter).run({ revisionId, proposalId });
}
