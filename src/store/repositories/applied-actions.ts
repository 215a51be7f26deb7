// What an apply did, action by action, with the state before it for a rollback.

import { listAppliedActions, recordAppliedAction, updateAppliedAction } from '../applied-actions.js';
import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import type { AppliedAction, AppliedActionUpdate, NewAppliedAction } from '../fix-types.js';

export interface AppliedActionRepository {
  /** One row per proposal and seq; a repeat keeps the first row (and its `before`). */
  recordAppliedAction(input: NewAppliedAction): { action: AppliedAction; created: boolean };
  updateAppliedAction(proposalId: number, seq: number, update: AppliedActionUpdate): boolean;
  listAppliedActions(proposalId: number): AppliedAction[];
}

/** AppliedAction operations over the store's one connection. */
export function appliedActionRepository(ctx: StoreContext): AppliedActionRepository {
  return {
    recordAppliedAction: guarded('recordAppliedAction', (input) => recordAppliedAction(ctx, input)),
    updateAppliedAction: guarded('updateAppliedAction', (proposalId, seq, update) =>
      updateAppliedAction(ctx, proposalId, seq, update),
    ),
    listAppliedActions: guarded('listAppliedActions', (proposalId) => listAppliedActions(ctx, proposalId)),
  };
}
