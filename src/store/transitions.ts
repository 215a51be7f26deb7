// The incident state machine: the only moves the store will make, whoever asks.
import { CLOSED_STATES, type IncidentState, STATES } from '../core/index.js';

/**
 * Allowed moves. Anything before `applying` may be resolved (the workload recovered by itself); once a change
 * is on its way to the cluster the incident must finish applying and be verified or rolled back instead.
 * `revising` is the wait between a reviewer's "Request changes" and the revised diagnosis starting.
 */
export const TRANSITIONS: Readonly<Record<IncidentState, readonly IncidentState[]>> = {
  open: ['diagnosing', 'resolved'],
  diagnosing: ['proposed', 'no_fix', 'diagnosis_failed', 'resolved'],
  diagnosis_failed: ['diagnosing', 'resolved'],
  no_fix: ['diagnosing', 'resolved'],
  // A reviewer asking for changes sends the incident to `revising` (Store.requestRevision); the revised diagnosis
  // starts from there, as a first one starts from `open`.
  proposed: ['approved', 'rejected', 'expired', 'revising', 'resolved'],
  revising: ['diagnosing', 'resolved'],
  // Back to proposed only with the approval withdrawn (Store.withdrawApproval): the re-check could not read the cluster.
  approved: ['applying', 'expired', 'resolved', 'proposed'],
  rejected: ['resolved'],
  expired: ['resolved', 'diagnosing'],
  // A GitOps-managed workload's fix goes as a pull request: applying (branch pushed, PR opened) → pr_open; merged →
  // syncing (waiting for the controller to report the merge commit); synced → applied, verified as usual. A PR
  // closed unmerged is a rejection; a sync that never arrives is a failed apply.
  applying: ['applied', 'apply_failed', 'pr_open'],
  pr_open: ['syncing', 'rejected'],
  syncing: ['applied', 'apply_failed'],
  applied: ['verified', 'regressed', 'rolled_back'],
  apply_failed: ['rolled_back'],
  regressed: ['rolled_back'],
  verified: [],
  rolled_back: [],
  resolved: ['open'],
};

export function canTransition(from: IncidentState, to: IncidentState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every allowed move as a [from, to] pair, e.g. for table-driven tests and docs. */
export function allTransitions(): Array<[IncidentState, IncidentState]> {
  return STATES.flatMap((from) => TRANSITIONS[from].map((to): [IncidentState, IncidentState] => [from, to]));
}

export function isLive(state: IncidentState): boolean {
  return !(CLOSED_STATES as readonly IncidentState[]).includes(state);
}
