// Model usage per diagnosis attempt: planner, model, turns, tokens, cost and time, with totals.
import type { Diagnosis } from '../../../store/index.js';
import { compact, duration, plural, usd } from '../format.js';
import { type Html, html } from '../html.js';
import { chip } from '../states.js';

const STATUS_TONE = { running: 'violet', proposed: 'blue', no_fix: 'gray', failed: 'red' } as const;

function figures(d: Pick<Diagnosis, 'turns' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'durationMs'>): Html {
  return html`<dl class="mini">
<div><dt>Turns</dt><dd>${d.turns ?? '–'}</dd></div>
<div><dt>Tokens</dt><dd>${compact(d.inputTokens ?? 0)} in · ${compact(d.outputTokens ?? 0)} out</dd></div>
<div><dt>Cost</dt><dd>${d.costUsd === null ? '–' : usd(d.costUsd)}</dd></div>
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

/** Model usage of the diagnoses that called the model (see isModelRun), with totals; pass only those. */
export function usageView(diagnoses: readonly Diagnosis[]): Html {
  if (diagnoses.length === 0) return html`<div class="empty small">No planner has run.</div>`;
  const sum = (f: (d: Diagnosis) => number | null) => diagnoses.reduce((n, d) => n + (f(d) ?? 0), 0);
  return html`<ul class="usage">${diagnoses.map(
    (d) => html`<li>
  <div class="usage-head"><span class="strong">#${d.attempt} ${d.planner}</span> ${chip(d.status.replace('_', ' '), STATUS_TONE[d.status])}${d.model ? html`<span class="muted small mono">${d.model}</span>` : ''}</div>
  ${figures(d)}
</li>`,
  )}</ul>
${diagnoses.length > 1 ? html`<div class="usage-total"><span class="muted">${plural(diagnoses.length, 'attempt')} in all</span>${figures({ turns: sum((d) => d.turns), inputTokens: sum((d) => d.inputTokens), outputTokens: sum((d) => d.outputTokens), costUsd: sum((d) => d.costUsd), durationMs: sum((d) => d.durationMs) })}</div>` : ''}`;
}
