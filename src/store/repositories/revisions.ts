// Revisions: "Request changes" on a proposal, and the diagnosis and proposal that answer each request.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import type { Revision, RevisionRequest, RevisionResult } from '../review-types.js';
import { attachRevisionDiagnosis, latestRevision, requestRevision, revisionsOf } from '../revisions.js';

export interface RevisionRepository {
  /**
   * Supersedes the pending proposal, moves the incident `proposed → revising` (one `request_changes` audit row) and
   * records the revision, in one transaction; `moved_on` or `limit`, writing nothing, when it cannot.
   */
  requestRevision(r: RevisionRequest): RevisionResult;
  /** Oldest first. */
  revisionsOf(incidentId: number): Revision[];
  latestRevision(incidentId: number): Revision | undefined;
  /** Names the diagnosis that revises the proposal; concluding it with a proposal sets `proposalAfterId`. */
  attachRevisionDiagnosis(revisionId: number, diagnosisId: number): void;
}

export function revisionRepository(ctx: StoreContext): RevisionRepository {
  return {
    requestRevision: guarded('requestRevision', (r) => requestRevision(ctx, r)),
    revisionsOf: guarded('revisionsOf', (incidentId) => revisionsOf(ctx, incidentId)),
    latestRevision: guarded('latestRevision', (incidentId) => latestRevision(ctx, incidentId)),
    attachRevisionDiagnosis: guarded('attachRevisionDiagnosis', (revisionId, diagnosisId) =>
      attachRevisionDiagnosis(ctx, revisionId, diagnosisId),
    ),
  };
}
