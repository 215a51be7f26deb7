// What people and the fixer did with the proposal: decisions (who, how, when), the actions applied, and the
// verification verdict from the audit trail.
import type { AppliedAction, AuditEntry, Decision } from '../../../store/index.js';
import { VerdictDetail } from '../../schema.js';
import { absolute } from '../format.js';
import { type Html, html } from '../html.js';
import { badge, chip } from '../states.js';
import { parseJson, targetText } from './json-detail.js';

const DECISION_TONE = { approve: 'green', reject: 'red', rollback: 'orange' } as const;
const ACTION_TONE = {
  started: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
  rolled_back: 'orange',
  rollback_failed: 'red',
} as const;

export function decisionsView(decisions: readonly Decision[]): Html {
  if (decisions.length === 0) return html`<div class="empty small">Nobody has decided yet.</div>`;
  return html`<ul class="decisions">${decisions.map(
    (d) => html`<li>
  ${chip(d.decision, DECISION_TONE[d.decision])}
  <span>by <strong>${d.actor}</strong> via ${d.via}</span>
  <time class="muted" datetime="${d.at}">${absolute(d.at)}</time>
  ${d.detail ? html`<div class="muted wrap">${d.detail}</div>` : ''}
</li>`,
  )}</ul>`;
}

function verdicts(audit: readonly AuditEntry[]): Html[] {
  return audit
    .filter((a) => a.toState === 'verified' || a.toState === 'regressed')
    .map((a) => {
      const parsed = VerdictDetail.safeParse(parseJson(a.detail));
      const detail = parsed.success ? parsed.data : {};
      return html`<div class="callout ${a.toState === 'verified' ? 'ok' : 'warn'}">${a.toState ? badge(a.toState) : ''} <span>${detail.detail ?? a.detail ?? ''}</span>${detail.windowSeconds ? html` <span class="muted">(watched ${detail.windowSeconds} s)</span>` : ''} <time class="muted" datetime="${a.at}">${absolute(a.at)}</time></div>`;
    });
}

export function appliedView(actions: readonly AppliedAction[], audit: readonly AuditEntry[]): Html {
  const verdict = verdicts(audit);
  if (actions.length === 0 && verdict.length === 0)
    return html`<div class="empty small">Nothing has been applied.</div>`;
  return html`${
    actions.length > 0
      ? html`<div class="table-wrap"><table class="compact">
<thead><tr><th class="num">#</th><th>Action</th><th>Target</th><th>Status</th><th>What happened</th><th>When</th></tr></thead>
<tbody>${actions.map((a) => html`<tr><td class="num">${a.seq}</td><td class="mono">${a.kind}</td><td class="mono wrap">${targetText(a.target)}</td><td>${chip(a.status.replace('_', ' '), ACTION_TONE[a.status])}</td><td class="wrap">${a.detail ?? '–'}</td><td class="when">${absolute(a.at)}</td></tr>`)}</tbody>
</table></div>`
      : ''
  }
${verdict}`;
}
