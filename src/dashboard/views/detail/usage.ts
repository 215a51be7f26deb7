// Model usage per diagnosis attempt: planner, model, turns, tokens, cost and time, with totals; and what the model
// cost the incident in all, diagnoses and answers to questions together.
import type { Diagnosis, IncidentModelUsage, Revision } from '../../../store/index.js';
import { compact, duration, plural } from '../format.js';
import { type Html, html } from '../html.js';
import { chip } from '../states.js';

const STATUS_TONE = { running: 'violet', proposed: 'blue', no_fix: 'gray', failed: 'red' } as const;

function figures(d: Pick<Diagnosis, 'turns' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'durationMs'>): Html {
  return html`<dl class="mini">
<div><dt>Turns</dt><dd>${d.turns ?? '–'}</dd></div>
<div><dt>Tokens</dt><dd>${compact(d.inputTokens ?? 0)} in · ${compact(d.outputTokens ?? 0)} out</dd></div>
<div><dt>Cost</dt><dd>${d.costUsd === null ? '–' : dollars(d.costUsd)}</dd></div>
<div><dt>Time</dt><dd>${d.durationMs === null ? '–' : duration(d.durationMs)}</dd></div>
</dl>`;
}

/**
 * Whether a diagnosis called the model: a Claude run still going, or one that recorded a model, turns, tokens or
 * cost. A runbook run has none of these, and neither has a Claude run that failed before its first request.
 */
export function isModelRun(d: Diagnosis): boolean {
  if (d.planner === 'claude' && d.status === 'running') return true;
  return (
    d.model !== null || (d.turns ?? 0) > 0 || (d.inputTokens ?? 0) + (d.outputTokens ?? 0) > 0 || (d.costUsd ?? 0) > 0
  );
}

/** "$0.0421": a model run costs cents, so four places (the audit trail says "cost $0.0421" too). */
export function dollars(n: number): string {
  return `$${n.toFixed(4)}`;
}

/** "Model use: 3 runs, $0.0421" over the incident's diagnoses and answers (Store.incidentModelUsage). */
export function modelUseView(u: IncidentModelUsage): Html {
  return html`<div class="model-use"><strong>Model use: ${plural(u.runs, 'run')}, ${dollars(u.costUsd)}</strong> <span class="muted small">${compact(u.inputTokens)} in · ${compact(u.outputTokens)} out, diagnoses and answers together</span></div>`;
}

/**
 * Model usage of the diagnoses that called the model (see isModelRun), with totals; pass only those. `revisions`
 * name the diagnoses that answered a "Request changes".
 */
export function usageView(diagnoses: readonly Diagnosis[], revisions: readonly Revision[] = []): Html {
  if (diagnoses.length === 0) return html`<div class="empty small">No planner has run.</div>`;
  const revision = (d: Diagnosis) => revisions.find((r) => r.id === d.revisionId || r.diagnosisId === d.id);
  const sum = (f: (d: Diagnosis) => number | null) => diagnoses.reduce((n, d) => n + (f(d) ?? 0), 0);
  return html`<ul class="usage">${diagnoses.map(
    (d) => html`<li>
  <div class="usage-head"><span class="strong">#${d.attempt} ${d.planner}</span>${revision(d) ? html` <span class="muted small">revision ${revision(d)!.number}</span>` : ''} ${chip(d.status.replace('_', ' '), STATUS_TONE[d.status])}${d.model ? html`<span class="muted small mono">${d.model}</span>` : ''}</div>
  ${figures(d)}
</li>`,
  )}</ul>
${diagnoses.length > 1 ? html`<div class="usage-total"><span class="muted">${plural(diagnoses.length, 'diagnosis', 'diagnoses')} in all</span>${figures({ turns: sum((d) => d.turns), inputTokens: sum((d) => d.inputTokens), outputTokens: sum((d) => d.outputTokens), costUsd: sum((d) => d.costUsd), durationMs: sum((d) => d.durationMs) })}</div>` : ''}`;
}
