// Incidents as a table: state, workload, reason, what the detector saw, and when it last changed.
import type { Incident } from '../../store/index.js';
import { absolute, count, relative } from './format.js';
import { type Html, html } from './html.js';
import { badge, chip, isHealthy } from './states.js';

function row(incident: Incident, now: Date, full: boolean): Html {
  const href = `/incidents/${incident.id}`;
  return html`<tr>
  <td class="num"><a href="${href}" class="id-link">#${incident.id}</a></td>
  <td>${badge(incident.state)}</td>
  <td class="workload"><a href="${href}">${incident.workloadName}</a><div class="sub">${incident.namespace} · ${incident.workloadKind}${incident.container ? html` · ${incident.container}` : ''}</div></td>
  <td>${chip(incident.reason)}</td>
  ${
    full
      ? html`<td class="message hide-sm" title="${incident.message}">${isHealthy(incident.state) ? html`<span class="was">was:</span> ` : ''}${incident.message}</td>
  <td class="num hide-sm">${count(incident.pods.length)}</td>
  <td class="num hide-sm">${count(incident.restarts)}</td>`
      : ''
  }
  <td class="when"><time datetime="${incident.updatedAt}" title="${absolute(incident.updatedAt)}">${relative(incident.updatedAt, now)}</time></td>
</tr>`;
}

/** `full` adds the message, pods and restarts columns (the list page); the overview leaves them out. */
export function incidentTable(items: readonly Incident[], now: Date, empty: string, full = true): Html {
  if (items.length === 0) return html`<div class="empty">${empty}</div>`;
  return html`<div class="table-wrap"><table class="incidents">
<thead><tr><th class="num">ID</th><th>State</th><th>Workload</th><th>Reason</th>${full ? html`<th class="hide-sm">Message</th><th class="num hide-sm">Pods</th><th class="num hide-sm">Restarts</th>` : ''}<th>Updated</th></tr></thead>
<tbody>${items.map((i) => row(i, now, full))}</tbody>
</table></div>`;
}
