// The ActionRecorder over the store's applied_actions: what apply and rollback write through in production.
// The two vocabularies differ slightly, so the mapping lives here, in one place.
import { ClopusError } from '../../errors.js';
import type { ProposalAction } from '../../planner/index.js';
import type { AppliedAction, AppliedActionStatus, Store } from '../../store/index.js';
import { ActionAfterJson, ActionBeforeJson, ActionTargetJson } from './record-schema.js';
import type { ActionKind, ActionRecord, ActionRecorder, ActionStatus } from './types.js';

const KINDS: readonly ActionKind[] = [
  'edit_file',
  'exec',
  'restart_pod',
  'patch_workload',
] satisfies ProposalAction['type'][];

const TO_STORE: Record<ActionStatus, AppliedActionStatus> = {
  applied: 'done',
  failed: 'failed',
  skipped: 'skipped',
  rolled_back: 'rolled_back',
};

/**
 * The store also knows `started` (begun, never finished: it may have landed, so it counts as failed and rollback
 * looks at the cluster to tell) and `rollback_failed` (the change is still in place, so it counts as applied).
 */
const FROM_STORE: Record<AppliedActionStatus, ActionStatus> = {
  done: 'applied',
  failed: 'failed',
  skipped: 'skipped',
  rolled_back: 'rolled_back',
  started: 'failed',
  rollback_failed: 'applied',
};

/** What a `started` row says until its outcome replaces it, and forever if the bot stopped in between. */
export const STARTED =
  'started, but the bot stopped before recording the outcome: it may or may not have landed; check the cluster';

function parseRow(row: AppliedAction): ActionRecord {
  const where = `Applied action ${row.proposalId}/${row.seq} in the database`;
  let target: unknown;
  try {
    target = JSON.parse(row.target);
  } catch {
    throw new ClopusError(
      'STORE_ERROR',
      `${where} has a target that is not JSON; it cannot be rolled back automatically.`,
    );
  }
  const parsed = {
    target: ActionTargetJson.safeParse(target),
    before: row.before === null ? null : ActionBeforeJson.safeParse(row.before),
    after: row.after === null ? null : ActionAfterJson.safeParse(row.after),
  };
  const bad = Object.entries(parsed).find(([, p]) => p !== null && !p.success)?.[0];
  if (bad !== undefined || !parsed.target.success || !(KINDS as readonly string[]).includes(row.kind)) {
    throw new ClopusError(
      'STORE_ERROR',
      `${where} does not fit the action record (${bad ?? 'kind'}); it cannot be rolled back automatically.`,
    );
  }
  return {
    proposalId: row.proposalId,
    seq: row.seq,
    kind: row.kind as ActionKind,
    target: parsed.target.data,
    before: parsed.before?.success ? parsed.before.data : null,
    after: parsed.after?.success ? parsed.after.data : null,
    status: FROM_STORE[row.status],
    detail: row.detail ?? '',
    at: row.at,
  };
}

export function storeActionRecorder(
  store: Pick<Store, 'recordAppliedAction' | 'updateAppliedAction' | 'listAppliedActions'>,
): ActionRecorder {
  return {
    begin(entry) {
      store.recordAppliedAction({
        proposalId: entry.proposalId,
        seq: entry.seq,
        kind: entry.kind,
        target: JSON.stringify(entry.target),
        before: null,
        after: null,
        status: 'started',
        detail: STARTED,
        at: entry.at,
      });
    },
    record(entry) {
      store.recordAppliedAction({
        proposalId: entry.proposalId,
        seq: entry.seq,
        kind: entry.kind,
        target: JSON.stringify(entry.target),
        before: entry.before,
        after: entry.after,
        status: TO_STORE[entry.status],
        detail: entry.detail,
        at: entry.at,
      });
    },
    mark(proposalId, seq, update) {
      return store.updateAppliedAction(proposalId, seq, {
        status: TO_STORE[update.status],
        detail: update.detail,
        at: update.at,
      });
    },
    list(proposalId) {
      return store.listAppliedActions(proposalId).map(parseRow);
    },
  };
}
