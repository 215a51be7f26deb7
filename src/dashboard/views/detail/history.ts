// The proposal history: every proposal of the incident in order with what became of it, and between a superseded
// proposal and its successor the revision that asked for the change and what changed. Only the latest proposal can
// still be decided, so it alone is shown unfolded; earlier diffs fold away but are all there.
import type { IncidentState } from '../../../core/index.js';
import { revisionChanges, sanitize } from '../../../present/index.js';
import type { AuditEntry, Decision, Diagnosis, ProposalRecord, Revision } from '../../../store/index.js';
import { absolute } from '../format.js';
import { type Html, html } from '../html.js';
import { parseJson } from './json-detail.js';
import { proposalView } from './proposal.js';
import { revisionView } from './revision.js';

export interface HistoryInput {
  state: IncidentState;
  proposals: readonly ProposalRecord[];
  revisions: readonly Revision[];
  decisions: readonly Decision[];
  audit: readonly AuditEntry[];
  diagnoses: readonly Diagnosis[];
}

/** The reason a rejection gave: the decision row keeps it, the audit row too (remediation/decide/reject.ts). */
function rejectReason(d: Decision, audit: readonly AuditEntry[]): string | undefined {
  if (d.detail?.trim()) return d.detail;
  for (const a of audit) {
    if (a.action !== 'reject') continue;
    const detail = parseJson(a.detail) as { proposalId?: unknown; reason?: unknown } | undefined;
    if (detail?.proposalId === d.proposalId && typeof detail.reason === 'string' && detail.reason.trim() !== '')
      return detail.reason;
  }
  return undefined;
}

/** "Rejected by X: reason" or "Approved by X", from the proposal's decisions. */
function fate(p: ProposalRecord, h: HistoryInput): Html | '' {
  const mine = h.decisions.filter((d) => d.proposalId === p.id);
  const line = (d: Decision, what: Html) =>
    html`<div class="fate fate-${d.decision}">${what} <span class="muted">via ${d.via} · <time datetime="${d.at}">${absolute(d.at)}</time></span></div>`;
  const reject = mine.find((d) => d.decision === 'reject');
  if (reject) {
    const reason = rejectReason(reject, h.audit);
    return line(
      reject,
      html`<strong>Rejected by ${sanitize(reject.actor)}</strong>${reason ? html`: <span class="reason">${sanitize(reason)}</span>` : html` <span class="muted">(no reason given)</span>`}`,
    );
  }
  const approve = mine.find((d) => d.decision === 'approve');
  return approve ? line(approve, html`<strong>Approved by ${sanitize(approve.actor)}</strong>`) : '';
}

function revisionBetween(r: Revision, h: HistoryInput): Html {
  const before = h.proposals.find((p) => p.id === r.proposalId);
  const after = r.proposalAfterId === null ? undefined : h.proposals.find((p) => p.id === r.proposalAfterId);
  const diagnosis = h.diagnoses.find((d) => d.id === r.diagnosisId) ?? h.diagnoses.find((d) => d.revisionId === r.id);
  return revisionView({
    revision: r,
    changes: before && after ? revisionChanges(before.diff, after.diff) : undefined,
    diagnosis,
    state: h.state,
  });
}

/** One proposal alone reads as before; with earlier ones or revisions, the whole story in order. */
export function proposalHistory(h: HistoryInput): Html {
  const latest = h.proposals.at(-1);
  if (h.proposals.length <= 1 && h.revisions.length === 0)
    return proposalView(latest, { fate: latest ? fate(latest, h) : '' });
  const items: Html[] = [];
  for (const p of h.proposals) {
    const last = p === latest;
    items.push(
      html`<li class="history-proposal${last ? ' latest' : ''}">${proposalView(p, { fate: fate(p, h), folded: !last })}</li>`,
    );
    for (const r of h.revisions.filter((x) => x.proposalId === p.id))
      items.push(html`<li class="history-revision">${revisionBetween(r, h)}</li>`);
  }
  return html`<ol class="history">${items}</ol>`;
}
