// The overview's "Needs a look": workloads still failing where Clopus stopped short of a fix, each with what it
// takes now and when the detector last saw the failure.
import type { Incident } from '../../store/index.js';
import { STILL_FAILING_HOURS, type STOPPED_STATES } from '../lists.js';
import { absolute, count, relative } from './format.js';
import { type Html, html } from './html.js';
import { badge, chip } from './states.js';

type Stopped = (typeof STOPPED_STATES)[number];

/** What a person can do now, per state (the fixer retries expired and failed diagnoses while attempts remain). */
const NEXT: Record<Stopped, (id: number) => string> = {
  rejected: () => 'Fix rejected: fix it by hand.',
  expired: () => 'Nobody decided in time; diagnosed again while attempts remain.',
  no_fix: () => 'No safe fix found: fix it by hand, or see the page for Claude Code.',
  diagnosis_failed: () => 'Diagnosis failed; retried while attempts remain.',
  apply_failed: (id) => `Applying failed: roll back (clopus rollback ${id}) or fix it by hand.`,
  regressed: (id) => `Unhealthy after the fix: roll back (Slack, or clopus rollback ${id}).`,
  rolled_back: () => 'Fix undone: the original failure is presumably back.',
};

function next(incident: Incident): string {
  const say = NEXT[incident.state as Stopped] as ((id: number) => string) | undefined;
  return say ? say(incident.id) : '';
}

function row(incident: Incident, now: Date): Html {
  const href = `/incidents/${incident.id}`;
  return html`<tr>
  <td class="num"><a href="${href}" class="id-link">#${incident.id}</a></td>
  <td>${badge(incident.state)}</td>
  <td class="workload"><a href="${href}">${incident.workloadName}</a><div class="sub">${incident.namespace} · ${incident.workloadKind}</div></td>
  <td>${chip(incident.reason)}</td>
  <td class="next hide-sm">${next(incident)}</td>
  <td class="when"><time datetime="${incident.lastSeenAt}" title="last seen failing ${absolute(incident.lastSeenAt)}">${relative(incident.lastSeenAt, now)}</time></td>
</tr>`;
}

/** The panel, or nothing when no stopped incident is still failing (the card says 0 then). */
export function needsLookPanel(page: { items: readonly Incident[]; total: number }, now: Date): Html | '' {
  if (page.total === 0) return '';
  const more = page.total > page.items.length ? `All ${count(page.total)} →` : 'As a list →';
  return html`<section class="panel panel-attention" id="needs-look">
  <div class="panel-head"><h2>Needs a look</h2><a class="more" href="/incidents?list=needs-look">${more}</a></div>
  <p class="panel-note muted">Still failing where Clopus stopped short of a fix (rejected, expired, rolled back, or no fix that works), seen in the last ${STILL_FAILING_HOURS} h.</p>
  <div class="table-wrap"><table class="incidents">
  <thead><tr><th class="num">ID</th><th>State</th><th>Workload</th><th>Reason</th><th class="hide-sm">What now</th><th>Last seen</th></tr></thead>
  <tbody>${page.items.map((i) => row(i, now))}</tbody>
  </table></div>
</section>`;
}
