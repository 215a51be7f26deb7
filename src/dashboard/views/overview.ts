// The overview: what needs a person now, how well fixes and detection did this week, and the latest incidents.
import { DETECTION_BUCKETS_SECONDS, type Incident, type IncidentState, type OverviewStats } from '../../store/index.js';
import { barList, columns, type Column } from './charts.js';
import { compact, count, duration, percent, percentile, plural, usd } from './format.js';
import { html, type Html } from './html.js';
import { incidentTable } from './incident-table.js';
import { badge, STATE_GROUPS } from './states.js';

export interface OverviewData {
  counts: Record<IncidentState, number>;
  latest: readonly Incident[];
  stats: OverviewStats;
  now: Date;
}

function card(opts: { label: string; value: string; note: string; tone?: string; href?: string }): Html {
  const inner = html`<div class="card-label">${opts.label}</div><div class="card-value">${opts.value}</div><div class="card-note">${opts.note}</div>`;
  const cls = `card${opts.tone ? ` card-${opts.tone}` : ''}`;
  return opts.href ? html`<a class="${cls}" href="${opts.href}">${inner}</a>` : html`<div class="${cls}">${inner}</div>`;
}

function cards({ counts, stats }: OverviewData): Html {
  const waiting = counts.proposed;
  const active = (['open', 'diagnosing', 'approved', 'applying', 'applied'] as const).reduce((n, s) => n + counts[s], 0);
  const { verified, regressed, applyFailed } = stats.fixes;
  const judged = verified + regressed + applyFailed;
  const p50 = percentile(stats.detectionMs, 50);
  const p95 = percentile(stats.detectionMs, 95);
  const claude = stats.model.find((m) => m.planner === 'claude');
  const runbook = stats.model.find((m) => m.planner === 'runbook');
  const tokens = (claude?.inputTokens ?? 0) + (claude?.outputTokens ?? 0);
  return html`<section class="cards">
${card({ label: 'Waiting for a decision', value: count(waiting), note: waiting === 0 ? 'Nothing to approve' : `${plural(waiting, 'proposal')} to review`, tone: waiting > 0 ? 'attention' : undefined, href: '/incidents?state=proposed' })}
${card({ label: 'In progress', value: count(active), note: 'Open, diagnosing or being fixed', href: '/incidents' })}
${card({ label: 'Fix success · 7 d', value: percent(verified, judged), note: judged === 0 ? 'No fix applied this week' : `${count(verified)} of ${plural(judged, 'applied fix', 'applied fixes')} verified`, tone: judged > 0 && verified < judged ? 'warn' : undefined })}
${card({ label: 'Time to detect · 7 d', value: Number.isNaN(p50) ? '–' : duration(p50), note: Number.isNaN(p95) ? 'No incidents this week' : `median; p95 ${duration(p95)} over ${plural(stats.detectionMs.length, 'incident')}` })}
${card({ label: 'Model runs · 7 d', value: count(claude?.runs ?? 0), note: `${compact(tokens)} tokens; ${plural(runbook?.runs ?? 0, 'runbook run')}` })}
${card({ label: 'Model cost · 7 d', value: usd(claude?.costUsd ?? 0), note: claude && claude.runs > 0 ? `${usd(claude.costUsd / claude.runs)} per run` : 'No model calls' })}
</section>`;
}

function byState(counts: Record<IncidentState, number>): Html {
  return html`<div class="state-groups">${STATE_GROUPS.map((g) => html`<div class="state-group">
  <h3>${g.title}</h3>
  <ul>${g.states.map((s) => html`<li><a href="/incidents?state=${s}" class="state-count${counts[s] === 0 ? ' zero' : ''}">${badge(s)}<span class="n">${count(counts[s])}</span></a></li>`)}</ul>
</div>`)}</div>`;
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
  const cols: Column[] = bounds.map((b, i) => ({ label: labels[i]!, value: n[i]!, title: `${plural(n[i]!, 'incident')} detected within ${b} s` }));
  cols.push({ label: '>60', value: over, title: `${plural(over, 'incident')} took longer than a minute` });
  return columns(cols, 'Detection latency histogram');
}

export function overviewBody(data: OverviewData): Html {
  const { stats } = data;
  const reasons = stats.byReason.slice(0, 8).map((r) => ({ label: r.reason, value: r.n, display: count(r.n), href: `/incidents?reason=${encodeURIComponent(r.reason)}` }));
  return html`${cards(data)}
<div class="grid-2">
  <section class="panel">
    <div class="panel-head"><h2>Latest incidents</h2><a class="more" href="/incidents">All incidents →</a></div>
    ${incidentTable(data.latest, data.now, 'No incidents yet. Clopus is watching; when a workload degrades it shows up here within seconds.', false)}
  </section>
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
