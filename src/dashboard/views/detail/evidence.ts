// Evidence as the detector stored it (already redacted and capped): container state, last termination, events
// and the log tail. All of it comes from the cluster, so all of it is text.
import type { StoredEvidence } from '../../../store/index.js';
import { absolute, count } from '../format.js';
import { type Html, html } from '../html.js';

function termination(t: NonNullable<StoredEvidence['lastTermination']>): Html {
  return html`<div class="termination"><span class="label">Last termination</span> exit code <strong>${t.exitCode}</strong>${t.reason ? html` · ${t.reason}` : ''}${t.finishedAt ? html` · ${absolute(t.finishedAt)}` : ''}${t.message ? html`<div class="mono small wrap">${t.message}</div>` : ''}</div>`;
}

function events(list: StoredEvidence['events']): Html {
  if (list.length === 0) return html``;
  return html`<div class="table-wrap"><table class="compact events">
<thead><tr><th>Event</th><th>Message</th><th class="num">Count</th><th>Last seen</th></tr></thead>
<tbody>${list.map((e) => html`<tr><td>${e.reason}</td><td class="wrap">${e.message}</td><td class="num">${count(e.count)}</td><td class="when">${e.lastSeen ? absolute(e.lastSeen) : '–'}</td></tr>`)}</tbody>
</table></div>`;
}

function one(e: StoredEvidence): Html {
  return html`<article class="evidence">
<header><span class="mono strong">${e.pod}</span>${e.container ? html` <span class="muted">/ ${e.container}</span>` : ''}<span class="spacer"></span><span class="muted small">collected ${absolute(e.collectedAt)}</span></header>
<div class="evidence-meta"><span class="label">State</span> <span class="mono">${e.state}</span> · ${count(e.restarts)} restart${e.restarts === 1 ? '' : 's'}</div>
${e.lastTermination ? termination(e.lastTermination) : ''}
${events(e.events)}
<div class="log-head"><span class="label">Log tail</span>${e.logsPrevious ? html` <span class="chip tone-plain">previous container</span>` : ''}${e.truncated ? html` <span class="chip tone-amber">truncated</span>` : ''}</div>
${e.logTail.trim() === '' ? html`<div class="empty small">No log output.</div>` : html`<pre class="log" tabindex="0">${e.logTail}</pre>`}
</article>`;
}

export function evidenceView(list: readonly StoredEvidence[]): Html {
  if (list.length === 0) return html`<div class="empty small">No evidence was gathered for this incident.</div>`;
  return html`${list.map(one)}`;
}
