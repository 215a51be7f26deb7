// The incident's facts: what degraded, where, since when, how long detection took, and the pods involved.
import type { AuditEntry, Incident, PullRequestRecord } from '../../../store/index.js';
import { absolute, between, count, duration } from '../format.js';
import { type Html, html } from '../html.js';

function fact(label: string, value: Html | string | number): Html {
  return html`<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>`;
}

function when(iso: string | null | undefined): Html | string {
  return iso ? html`<time datetime="${iso}">${absolute(iso)}</time>` : '–';
}

/** The fix's pull request: a link (http(s) only) and how far it got. */
function pullRequestFact(pr: PullRequestRecord): Html {
  const label = pr.number === null ? `branch ${pr.branch}` : `#${pr.number}`;
  const state =
    pr.state === 'merged'
      ? `merged${pr.mergedBy ? ` by ${pr.mergedBy}` : ''}${pr.syncedRevision ? ', synced' : ', waiting for the sync'}`
      : pr.state === 'closed'
        ? `closed unmerged${pr.closedBy ? ` by ${pr.closedBy}` : ''}`
        : 'open';
  const target = /^https?:\/\//.test(pr.url) ? html`<a href="${pr.url}" rel="noreferrer">${label}</a>` : label;
  return fact('Fix PR', html`${target} <span class="muted">(${state})</span>`);
}

export function factsView(incident: Incident, audit: readonly AuditEntry[] = [], pr?: PullRequestRecord): Html {
  const detectMs = Math.max(0, between(incident.detectedAt, incident.createdAt));
  // A verified incident has no resolved time: the fix closed it, at the verdict.
  const verifiedAt = incident.state === 'verified' ? audit.findLast((a) => a.toState === 'verified')?.at : undefined;
  return html`<dl class="facts">
${fact('Cluster', incident.cluster)}
${fact('Namespace', incident.namespace)}
${fact('Workload', html`${incident.workloadKind} <strong>${incident.workloadName}</strong>`)}
${fact('Container', incident.container ?? '–')}
${incident.manager ? fact('Managed by', incident.manager.description) : ''}
${pr ? pullRequestFact(pr) : ''}
${fact('Restarts', count(incident.restarts))}
${fact('First seen', when(incident.firstSeenAt))}
${fact('Detected', when(incident.detectedAt))}
${fact('Recorded', html`${when(incident.createdAt)} <span class="muted">(${duration(detectMs)} to detect)</span>`)}
${fact('Last seen failing', when(incident.lastSeenAt))}
${verifiedAt ? fact('Fixed', html`${when(verifiedAt)} <span class="muted">(verified)</span>`) : fact('Resolved', when(incident.resolvedAt))}
${incident.reopenCount > 0 ? fact('Reopened', `${count(incident.reopenCount)} time${incident.reopenCount === 1 ? '' : 's'}`) : ''}
${incident.slackTs ? fact('Slack', html`<span class="mono">${incident.slackChannel ?? ''} ${incident.slackTs}</span>`) : ''}
${fact('Fingerprint', html`<span class="mono wrap">${incident.fingerprint}</span>`)}
</dl>`;
}

/** `past`: the workload is healthy again, so these are the pods as the detector last saw them failing. */
export function podsView(incident: Incident, past = false): Html {
  if (incident.pods.length === 0)
    return html`<div class="empty small">${past ? 'No pod was recorded.' : 'No pod is affected right now.'}</div>`;
  return html`${past ? html`<p class="muted small history-note">As the detector last saw them failing, ${absolute(incident.lastSeenAt)}. They may no longer exist.</p>` : ''}<ul class="pods${past ? ' past' : ''}">${incident.pods.map(
    (p) => html`<li>
  <div class="mono strong wrap">${p.name}</div>
  <div class="small"><span class="muted">${count(p.restarts)} restart${p.restarts === 1 ? '' : 's'}${p.exitCode === undefined ? '' : ` · exit ${p.exitCode}`} ·</span> ${p.message}</div>
</li>`,
  )}</ul>`;
}
