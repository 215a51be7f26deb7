// How incident states and audit actions read: "Rolled back", not rolled_back.
import type { IncidentState } from '../core/index.js';

const LABELS: Record<IncidentState, string> = {
  open: 'Open',
  diagnosing: 'Diagnosing',
  proposed: 'Proposed',
  revising: 'Revising',
  no_fix: 'No fix',
  diagnosis_failed: 'Diagnosis failed',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  applying: 'Applying',
  pr_open: 'PR open',
  syncing: 'Syncing',
  applied: 'Applied',
  apply_failed: 'Apply failed',
  verified: 'Verified',
  regressed: 'Regressed',
  rolled_back: 'Rolled back',
  resolved: 'Resolved',
};

/** Audit actions whose own words say more than a plain "pods_changed" → "Pods changed". */
const ACTIONS: Record<string, string> = {
  auto_approve: 'Auto-approved by policy',
  auto_approve_skipped: 'Auto-approve skipped',
  approve_refused: 'Approval refused',
  reject_refused: 'Rejection refused',
  rollback_refused: 'Rollback refused',
  rollback: 'Rollback requested',
  rollback_retry: 'Rollback requested again',
  rollback_failed: 'Rollback failed',
};

/** The verb a person used to reach a state ("approve" → approved): naming it beside the state repeats it. */
const VERB_OF: Partial<Record<IncidentState, string>> = {
  approved: 'approve',
  rejected: 'reject',
  applying: 'apply',
  diagnosing: 'diagnose',
  rolled_back: 'rollback',
};

export function stateLabel(state: IncidentState): string {
  return LABELS[state] ?? state;
}

/** "pods_changed" → "Pods changed"; known actions read as written in ACTIONS. */
export function actionLabel(action: string): string {
  const known = ACTIONS[action];
  if (known) return known.charAt(0).toUpperCase() + known.slice(1);
  const words = action.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What an audit entry that moved the incident did, when the target state does not already say it: "detected" beside
 * Open, "recovered" beside Resolved; nothing for "approve" beside Approved or "verified" beside Verified.
 */
export function moveNote(action: string, to: IncidentState): string | undefined {
  if (action === to || VERB_OF[to] === action) return undefined;
  return (ACTIONS[action] ?? action.replace(/[_-]+/g, ' ')).toLowerCase();
}
