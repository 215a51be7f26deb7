// How each incident state reads and which colour it wears; the groups the overview counts them in.
import type { IncidentState } from '../../core/index.js';
import { html, type Html } from './html.js';

/** Badge colours, defined in assets/style.ts. */
type Tone = 'amber' | 'violet' | 'blue' | 'teal' | 'indigo' | 'cyan' | 'green' | 'red' | 'orange' | 'gray';

const STATE_VIEW: Record<IncidentState, { label: string; tone: Tone; hint: string }> = {
  open: { label: 'Open', tone: 'amber', hint: 'Detected, waiting to be diagnosed' },
  diagnosing: { label: 'Diagnosing', tone: 'violet', hint: 'A planner is looking at it' },
  proposed: { label: 'Proposed', tone: 'blue', hint: 'A fix waits for a decision' },
  no_fix: { label: 'No fix', tone: 'gray', hint: 'The planner found nothing safe to do' },
  diagnosis_failed: { label: 'Diagnosis failed', tone: 'red', hint: 'The planner run failed' },
  approved: { label: 'Approved', tone: 'teal', hint: 'Approved, about to be applied' },
  rejected: { label: 'Rejected', tone: 'gray', hint: 'A person rejected the fix' },
  expired: { label: 'Expired', tone: 'gray', hint: 'Nobody decided in time, or the proposal went stale' },
  applying: { label: 'Applying', tone: 'indigo', hint: 'The fix is being applied' },
  applied: { label: 'Applied', tone: 'cyan', hint: 'Applied; verification is watching the workload' },
  apply_failed: { label: 'Apply failed', tone: 'red', hint: 'Applying the fix failed' },
  verified: { label: 'Verified', tone: 'green', hint: 'The fix worked' },
  regressed: { label: 'Regressed', tone: 'orange', hint: 'The workload is still unhealthy after the fix' },
  rolled_back: { label: 'Rolled back', tone: 'orange', hint: 'The fix was undone' },
  resolved: { label: 'Resolved', tone: 'green', hint: 'The workload recovered by itself' },
};

/** Only verified and resolved say the workload is healthy; a rejected, expired or rolled-back one is not fixed. */
export const STATE_GROUPS: ReadonlyArray<{ title: string; states: readonly IncidentState[] }> = [
  { title: 'In progress', states: ['open', 'diagnosing', 'proposed', 'approved', 'applying', 'applied'] },
  { title: 'Not fixed', states: ['diagnosis_failed', 'no_fix', 'rejected', 'expired', 'apply_failed', 'regressed', 'rolled_back'] },
  { title: 'Fixed or recovered', states: ['verified', 'resolved'] },
];

/** The two states that say the workload is healthy again: what an incident shows is then history. */
export function isHealthy(state: IncidentState): boolean {
  return state === 'verified' || state === 'resolved';
}

export function stateLabel(state: IncidentState): string {
  return STATE_VIEW[state].label;
}

export function stateHint(state: IncidentState): string {
  return STATE_VIEW[state].hint;
}

export function badge(state: IncidentState): Html {
  const view = STATE_VIEW[state];
  return html`<span class="badge tone-${view.tone}" title="${view.hint}" data-state="${state}">${view.label}</span>`;
}

/** A small neutral label, e.g. a reason or a proposal status. */
export function chip(text: string, tone: Tone | 'plain' = 'plain'): Html {
  return html`<span class="chip tone-${tone}">${text}</span>`;
}
