// How each incident state reads and which colour it wears; the groups the overview counts them in.
import type { IncidentState } from '../../core/index.js';
import { stateLabel } from '../../present/index.js';
import { type Html, html } from './html.js';

/** Badge colours, defined in assets/style.ts. */
type Tone = 'amber' | 'violet' | 'blue' | 'teal' | 'indigo' | 'cyan' | 'green' | 'red' | 'orange' | 'gray';

/** Colour and hint per state; the label is present's, shared with the CLI. */
const STATE_VIEW: Record<IncidentState, { tone: Tone; hint: string }> = {
  open: { tone: 'amber', hint: 'Detected, waiting to be diagnosed' },
  diagnosing: { tone: 'violet', hint: 'A planner is looking at it' },
  proposed: { tone: 'blue', hint: 'A fix waits for a decision' },
  revising: { tone: 'violet', hint: 'Changes requested; a revised proposal is being prepared' },
  no_fix: { tone: 'gray', hint: 'The planner found nothing safe to do' },
  diagnosis_failed: { tone: 'red', hint: 'The planner run failed' },
  approved: { tone: 'teal', hint: 'Approved, about to be applied' },
  rejected: { tone: 'gray', hint: 'A person rejected the fix' },
  expired: { tone: 'gray', hint: 'Nobody decided in time, or the proposal went stale' },
  applying: { tone: 'indigo', hint: 'The fix is being applied' },
  pr_open: { tone: 'indigo', hint: 'The fix is a pull request waiting to be merged' },
  syncing: { tone: 'indigo', hint: 'Merged; waiting for the GitOps controller to sync the merge commit' },
  applied: { tone: 'cyan', hint: 'Applied; verification is watching the workload' },
  apply_failed: { tone: 'red', hint: 'Applying the fix failed' },
  verified: { tone: 'green', hint: 'The fix worked' },
  regressed: { tone: 'orange', hint: 'The workload is still unhealthy after the fix' },
  rolled_back: { tone: 'orange', hint: 'The fix was undone' },
  resolved: { tone: 'green', hint: 'The workload recovered by itself' },
};

/** Only verified and resolved say the workload is healthy; a rejected, expired or rolled-back one is not fixed. */
export const STATE_GROUPS: ReadonlyArray<{ title: string; states: readonly IncidentState[] }> = [
  {
    title: 'In progress',
    states: ['open', 'diagnosing', 'proposed', 'revising', 'approved', 'applying', 'pr_open', 'syncing', 'applied'],
  },
  {
    title: 'Not fixed',
    states: ['diagnosis_failed', 'no_fix', 'rejected', 'expired', 'apply_failed', 'regressed', 'rolled_back'],
  },
  { title: 'Fixed or recovered', states: ['verified', 'resolved'] },
];

/** The two states that say the workload is healthy again: what an incident shows is then history. */
export function isHealthy(state: IncidentState): boolean {
  return state === 'verified' || state === 'resolved';
}

export { stateLabel };

export function stateHint(state: IncidentState): string {
  return STATE_VIEW[state].hint;
}

export function badge(state: IncidentState): Html {
  const view = STATE_VIEW[state];
  return html`<span class="badge tone-${view.tone}" title="${view.hint}" data-state="${state}">${stateLabel(state)}</span>`;
}

/** A small neutral label, e.g. a reason or a proposal status. */
export function chip(text: string, tone: Tone | 'plain' = 'plain'): Html {
  return html`<span class="chip tone-${tone}">${text}</span>`;
}
