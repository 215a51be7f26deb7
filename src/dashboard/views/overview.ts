// The overview: what needs a person now, how well fixes and detection did this week, and the latest incidents.

import type { IncidentState } from '../../core/index.js';
import { DETECTION_BUCKETS_SECONDS, type Incident, type OverviewStats } from '../../store/index.js';
import { IN_PROGRESS_STATES } from '../lists.js';
import { barList, type Column, columns } from './charts.js';
import { compact, count, duration, percent, percentile, plural, usd } from './format.js';
import { type Html, html } from './html.js';
import { incidentTable } from './incident-table.js';
import { needsLookPanel } from './needs-look.js';
import { badge, STATE_GROUPS } from './states.js';

export interface OverviewData {
  counts: Record<IncidentState, number>;
  latest: readonly Incident[];
  /** The first few of the "Needs a look" list (lists.ts), and how many it holds. */
  needsLook: { items: readonly Incident[]; total: number };
  stats: OverviewStats;
  now: Date;
}

function card(opts: { label: string; value: string; note: string; tone?: string; href?: string }): Html {
  const inner = html`<div class="card-label">${opts.label}</div><div class="card-value">${opts.value}</div><div class="card-note">${opts.note}</div>`;
  const cls = `card${opts.tone ? ` card-${opts.tone}` : ''}`;
  return opts.href
    ? html`<a class="${cls}" href="${opts.href}">${inner}</a>`
    : html`<div class="${cls}">${inner}</div>`;
}

/** "3 applied · 2 verified · 1 rolled back": every fix that reached the cluster this week and what became of it. */
function fixNote(stats: OverviewStats): string {
  const { verified, regressed, applyFailed, rolledBack } = stats.fixes;
  const { applied } = stats.appliedFixes;
  if (applied + verified + regressed + applyFailed + rolledBack === 0) return 'No fix applied this week';
  const parts: Array<[number, string]> = [
    [verified, 'verified'],
    [regressed, 'regressed'],
    [rolledBack, 'rolled back'],
    [applyFailed, 'failed to apply'],
  ];
  return [`${count(applied)} applied`, ...parts.filter(([n]) => n > 0).map(([n, what]) => `${count(n)} ${what}`)].join(
    ' · ',
  );
}

function cards({ counts, stats, needsLook }: OverviewData): Html {
  const waiting = counts.proposed;
  const active = IN_PROGRESS_STATES.reduce((n, s) => n + counts[s], 0);
  const stuck = needsLook.total;
  const { verified, regressed, applyFailed, rolledBack } = stats.fixes;
  // A rollback straight from `applied` is a fix that did not stand, though verification never judged it.
  const judged = verified + regressed + applyFailed + stats.appliedFixes.rolledBackBeforeVerdict;
  const p50 = percentile(stats.detectionMs, 50);
  const p95 = percentile(stats.detectionMs, 95);
  const claude = stats.model.find((m) => m.planner === 'claude');
  const runbook = stats.model.find((m) => m.planner === 'runbook');
  const tokens = (claude?.inputTokens ?? 0) + (claude?.outputTokens ?? 0);
  const runs = claude?.runs ?? 0;
  return html`<section class="cards">
${card({ label: 'Waiting for a decision', value: count(waiting), note: waiting === 0 ? 'Nothing to approve' : `${plural(waiting, 'proposal')} to review`, tone: waiting > 0 ? 'attention' : undefined, href: '/incidents?state=proposed' })}
${card({ label: 'In progress', value: count(active), note: 'Open, diagnosing or being fixed', href: '/incidents?list=in-progress' })}
${card({ label: 'Needs a look', value: count(stuck), note: stuck === 0 ? 'Nothing left failing after a stop' : 'Still failing: rejected, rolled back, no fix…', tone: stuck > 0 ? 'warn' : undefined, href: '/incidents?list=needs-look' })}
${card({ label: 'Fix success · 7 d', value: percent(verified, judged), note: fixNote(stats), tone: (judged > 0 && verified < judged) || rolledBack > 0 ? 'warn' : undefined, href: '/incidents?list=fixes' })}
${card({ label: 'Time to detect · 7 d', value: Number.isNaN(p50) ? '–' : duration(p50), note: Number.isNaN(p95) ? 'No incidents this week' : `median; p95 ${duration(p95)} over ${plural(stats.detectionMs.length, 'incident')}` })}
${card({ label: 'Model · 7 d', value: usd(claude?.costUsd ?? 0), note: runs > 0 ? `${plural(runs, 'Claude run')}, ${compact(tokens)} tokens, ${usd(claude!.costUsd / runs)} each; ${plural(runbook?.runs ?? 0, 'runbook run')}` : `No model calls; ${plural(runbook?.runs ?? 0, 'runbook run')}` })}
</section>`;
}

function byState(counts: Record<IncidentState, number>): Html {
  return html`<div class="state-groups">${STATE_GROUPS.map(
    (g) => html`<div class="state-group">
  <h3>${g.title}</h3>
  <ul>${g.states.map((s) => html`<li><a href="/incidents?state=${s}" class="state-count${counts[s] === 0 ? ' zero' : ''}">${badge(s)}<span class="n">${count(counts[s])}</span></a></li>`)}</ul>
</div>`,
  )}</div>`;
}

function week(stats: OverviewStats): Html {
  const cols: Column[] = stats.days.map((d) => ({
    label: new Date(`${d.day}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' }),
    value: d.incidents,
    title: `${d.day}: ${plural(d.incidents, 'incident')}, ${plural(d.modelRuns, 'model run')}, ${usd(d.costUsd)}`,
    note: d.modelRuns > 0 ? usd(d.costUsd) : '',
  }));
  return columns(cols, 'Incidents per day, with the model cost under each day');
}

function detectionHistogram(ms: readonly number[]): Html {
  const bounds = DETECTION_BUCKETS_SECONDS.filter((b) => b <= 60);
  const labels = bounds.map((b) => String(b).replace(/^0\./, '.'));
  const n = bounds.map(() => 0);
  let over = 0;
  for (const v of ms) {
    const i = bounds.findIndex((b) => v <= b * 1000);
    if (i === -1) over++;
    else n[i]!++;
  }
  const cols: Column[] = bounds.map((b, i) => ({
    label: labels[i]!,
    value: n[i]!,
    title: `${plural(n[i]!, 'incident')} detected within ${b} s`,
  }));
  cols.push({ label: '>60', value: over, title: `${plural(over, 'incident')} took longer than a minute` });
  return columns(cols, 'Detection latency histogram');
}

export function overviewBody(data: OverviewData): Html {
  const { stats } = data;
  const reasons = stats.byReason.slice(0, 8).map((r) => ({
    label: r.reason,
    value: r.n,
    display: count(r.n),
    href: `/incidents?reason=${encodeURIComponent(r.reason)}`,
  }));
  return html`${cards(data)}
<div class="grid-2">
  <div class="stack">
  ${needsLookPanel(data.needsLook, data.now)}
  <section class="panel">
    <div class="panel-head"><h2>Latest incidents</h2><a class="more" href="/incidents">All incidents →</a></div>
    ${incidentTable(data.latest, data.now, 'No incidents yet. Clopus is watching; when a workload degrades it shows up here within seconds.', false)}
  </section>
  </div>
  <section class="panel">
    <div class="panel-head"><h2>By state</h2></div>
    ${byState(data.counts)}
  </section>
</div>
<div class="grid-3">
  <section class="panel"><div class="panel-head"><h2>Last 7 days</h2><span class="muted">${plural(stats.incidents, 'incident')}</span></div>${week(stats)}</section>
  <section class="panel"><div class="panel-head"><h2>Reasons · 7 d</h2></div>${barList(reasons, 'No incidents this week.')}</section>
  <section class="panel"><div class="panel-head"><h2>Time to detect · 7 d</h2><span class="muted">incidents by seconds (≤)</span></div>${detectionHistogram(stats.detectionMs)}</section>
</div>`;
}
