// The shapes apply, verify and rollback share, and the recording interface the store implements.
import type { WorkloadKind } from '../../core/index.js';
import type { ProposalAction } from '../../planner/index.js';

/** The part of a stored incident that applying, verifying and rolling back need. */
export interface ApplyIncident {
  id: number;
  namespace: string;
  workloadKind: WorkloadKind;
  workloadName: string;
  pods: ReadonlyArray<{ name: string; uid: string }>;
}

/** What the cluster looked like when the proposal was planned; apply refuses if it no longer does. */
export interface PlannedState {
  /** Pod name → UID at planning time. */
  podUids: Record<string, string>;
  /** "pod/container/path" → SHA-256 of the file's content at planning time (fills in a missing expectedSha256). */
  fileHashes?: Record<string, string>;
  /** The envelope's class per action when proposed; apply refuses if an action's class has changed since. */
  classes?: ReadonlyArray<{ seq: number; changeClass: string }>;
}

export type ActionKind = ProposalAction['type'];

/** Where an action landed, exactly enough to undo it (podUid pins the pod instance the change went to). */
export interface ActionTarget {
  namespace: string;
  pod?: string;
  podUid?: string;
  container?: string;
  path?: string;
  kind?: WorkloadKind;
  name?: string;
}

/** What was there before an action; `content: null` means the file did not exist. */
export type ActionBefore =
  | { type: 'file'; content: string | null; sha256: string | null }
  | { type: 'spec'; spec: Record<string, unknown>; resourceVersion?: string }
  | { type: 'pod'; uid: string };

/** What an action left behind. */
export type ActionAfter =
  | { type: 'file'; sha256: string }
  | { type: 'spec'; spec: Record<string, unknown>; generation?: number }
  | { type: 'exec'; exitCode: number; output: string }
  | { type: 'pod-deleted'; uid: string };

export type ActionStatus = 'applied' | 'failed' | 'skipped' | 'rolled_back';

/** One row per action of a proposal; (proposalId, seq) is its key. Plain JSON, so the store can keep it as is. */
export interface ActionRecord {
  proposalId: number;
  /** 1-based position in the proposal, as in "action 2 (exec)". */
  seq: number;
  kind: ActionKind;
  target: ActionTarget;
  before: ActionBefore | null;
  after: ActionAfter | null;
  status: ActionStatus;
  /** One sentence: what happened, or why it failed or was skipped. */
  detail: string;
  /** ISO 8601. */
  at: string;
}

/**
 * Where apply and rollback write down what they did; the store backs it with `applied_actions`. `record` inserts
 * and keeps the first finished row for a (proposalId, seq) (replacing a `begin` row), so `before` always holds what
 * was there before the first attempt; `mark` moves an existing row to a new status (rollback) and says whether it found one; `list`
 * returns a proposal's rows ordered by seq.
 */
export interface ActionRecorder {
  /**
   * Notes an action about to touch the cluster, before it does: a bot killed mid-action leaves a row saying it may
   * have landed (read back as `failed`), never none. `record` then replaces that row with the outcome.
   */
  begin(entry: Pick<ActionRecord, 'proposalId' | 'seq' | 'kind' | 'target' | 'at'>): void | Promise<void>;
  record(entry: ActionRecord): void | Promise<void>;
  mark(
    proposalId: number,
    seq: number,
    update: { status: ActionStatus; detail: string; at: string },
  ): boolean | Promise<boolean>;
  list(proposalId: number): readonly ActionRecord[] | Promise<readonly ActionRecord[]>;
}

/** What apply reports per action. */
export interface ActionResult {
  seq: number;
  kind: ActionKind;
  target: ActionTarget;
  status: ActionStatus;
  detail: string;
}

export interface ApplyOutcome {
  status: 'applied' | 'apply_failed' | 'stale';
  results: ActionResult[];
  /** Why it is stale or failed, in words a reviewer can act on. */
  reason?: string;
  /** ISO 8601 time the first action started (or the refusal was made): verify's `since`. */
  at: string;
}

export type RollbackStatus = 'rolled_back' | 'irreversible' | 'failed' | 'nothing_to_do';

export interface RollbackResult {
  seq: number;
  kind: ActionKind;
  target: ActionTarget;
  /** rolled_back: restored; irreversible: exec and restart_pod cannot be undone; nothing_to_do: never applied. */
  status: RollbackStatus;
  detail: string;
}

export interface RollbackOutcome {
  /** rolled_back when every reversible applied action was restored; failed when any restore failed. */
  status: 'rolled_back' | 'rollback_failed';
  results: RollbackResult[];
  reason?: string;
}

export interface VerifyOutcome {
  verdict: 'verified' | 'regressed';
  detail: string;
}
