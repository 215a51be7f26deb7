// What the decision service needs, and what it answers: a result a terminal or Slack can show as it is.
import type { Config } from '../../config/index.js';
import type { IncidentState } from '../../core/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import type { DecisionChannel, DecisionKind, Store } from '../../store/index.js';
import type { ActionKind, ActionRecorder } from '../apply/index.js';

export interface DecideDeps {
  store: Store;
  kube: KubeClient;
  /** `envelope` is the safety envelope's bounds, re-checked at apply time; its defaults when absent. */
  config: Pick<Config['fixer'], 'verifyWindowSeconds' | 'proposalExpiryMinutes'> &
    Partial<Pick<Config['fixer'], 'envelope' | 'maxRevisions' | 'incidentBudgetUsd'>>;
  logger: Logger;
  now?: () => Date;
  /** Where apply and rollback record each action; the store's applied_actions unless replaced. */
  recorder?: ActionRecorder;
  /** Between two looks at the workload while verifying; default 5 s. */
  verifyPollMs?: number;
  /** Per exec action while applying; default 60 s. */
  execTimeoutMs?: number;
  /** Pull requests for GitOps-managed workloads; without it a proposal planned in a repository cannot be applied. */
  gitops?: GitOpsDeps;
  /** Called once changes were requested on an incident's proposal: the app queues its revised diagnosis here. */
  onRevision?: (incidentId: number) => void;
}

/** What delivering and following a pull request needs besides the store and the cluster. */
export interface GitOpsDeps {
  config: Config['gitops'];
  /** The bot's own namespace: where a token Secret without a namespace lives. */
  namespace: string;
  /** Where clones go; the OS temp dir when unset. Each clone is removed when its work is done. */
  scratchDir?: string;
}

export type DecisionOutcome =
  | 'applied'
  /** The fix went to the manifests repository as a pull request (or a pushed branch); the incident is pr_open. */
  | 'pr_opened'
  | 'apply_failed'
  | 'verified'
  | 'regressed'
  | 'rejected'
  /** A reviewer asked for changes: the proposal is superseded and the incident is `revising` until it is re-diagnosed. */
  | 'revision_requested'
  | 'rolled_back'
  | 'rollback_failed'
  /** Refused because the proposal was too old or no longer fits the cluster; the incident is `expired` now. */
  | 'expired'
  /**
   * The re-check before applying could not read the cluster (unreachable, credentials or RBAC, a failing server):
   * nothing was changed, the approval was withdrawn unused, and the proposal waits again (`proposed`).
   */
  | 'recheck_failed'
  /** Someone decided first; `decidedBy` says who and when. */
  | 'already_decided'
  /** The incident is not in a state for this decision; the message says why. */
  | 'refused'
  /** Verification could not look at the workload; the incident stays `applied` and is tried again. */
  | 'verification_error'
  | 'not_found';

/** One action of an apply or a rollback, as a reviewer reads it. */
export interface ActionLine {
  seq: number;
  kind: ActionKind;
  status: string;
  detail: string;
}

export interface DecisionResult {
  /** Whether what was asked happened (approve: applied, and verified when waited for). */
  ok: boolean;
  outcome: DecisionOutcome;
  incidentId: number;
  proposalId?: number;
  /** The incident's state after this call. */
  state?: IncidentState;
  /** What happened, in sentences a person can act on. */
  message: string;
  /** What to do next, phrased for the CLI (Slack maps `outcome` and `state` to its buttons). */
  next?: string;
  actions?: ActionLine[];
  /** The first decision, when someone else (or an earlier click) decided. */
  decidedBy?: { actor: string; at: string; via: DecisionChannel; decision: DecisionKind; detail: string | null };
}
