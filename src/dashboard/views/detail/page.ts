// The incident page: what degraded and what Clopus did about it, from detection to verdict.
import type {
  AppliedAction,
  AuditEntry,
  Decision,
  Diagnosis,
  Incident,
  ProposalRecord,
  PullRequestRecord,
  StoredEvidence,
} from '../../../store/index.js';
import { type Html, html } from '../html.js';
import { badge, chip, isHealthy, stateHint } from '../states.js';
import { evidenceView } from './evidence.js';
import { factsView, podsView } from './facts.js';
import { noFixHelp } from './no-fix.js';
import { appliedView, decisionsView } from './outcome.js';
import { diagnosisView, proposalView } from './proposal.js';
import { timelineView } from './timeline.js';
import { isModelRun, usageView } from './usage.js';

export interface IncidentDetail {
  incident: Incident;
  evidence: StoredEvidence[];
  audit: AuditEntry[];
  diagnoses: Diagnosis[];
  proposals: ProposalRecord[];
  /** Decisions on every proposal, oldest first. */
  decisions: Decision[];
  /** What applying the latest proposal did. */
  applied: AppliedAction[];
  /** Pull requests the fixes went out as (GitOps-managed workloads), oldest first. */
  pullRequests?: PullRequestRecord[];
}

function section(id: string, title: string, body: Html, extra: Html | string = ''): Html {
  return html`<section class="panel" id="${id}"><div class="panel-head"><h2>${title}</h2>${extra}</div>${body}</section>`;
}

export function incidentBody(d: IncidentDetail): Html {
  const { incident } = d;
  const latest = d.proposals.at(-1);
  // After a fix or a recovery the message, pods and evidence describe the failure as it was, not the workload now.
  const past = isHealthy(incident.state);
  const modelRuns = d.diagnoses.filter(isModelRun);
  const proposed =
    latest || incident.state !== 'no_fix' ? proposalView(latest, Math.max(0, d.proposals.length - 1)) : '';
  const proposal = html`${incident.state === 'no_fix' ? noFixHelp(incident, d.diagnoses, d.evidence.length > 0) : ''}${proposed}`;
  return html`<nav class="crumbs"><a href="/incidents">Incidents</a> <span aria-hidden="true">/</span> #${incident.id}</nav>
<header class="incident-head">
  <h1><span class="kind">${incident.workloadKind}</span> <span class="ns">${incident.namespace}/</span>${incident.workloadName}</h1>
  <div class="head-chips">${badge(incident.state)} ${chip(incident.reason)} <span class="muted">${stateHint(incident.state)}</span></div>
  <p class="message${past ? ' past' : ''}">${past ? html`<span class="was">was:</span> ` : ''}${incident.message}</p>
</header>
<div class="detail-grid">
  <div class="detail-main">
    ${section('diagnosis', 'Diagnosis', diagnosisView(d.diagnoses, latest, incident.state === 'resolved'))}
    ${section('proposal', incident.state === 'no_fix' ? 'Fix' : 'Proposed fix', proposal)}
    ${section('decisions', 'Decisions', decisionsView(d.decisions))}
    ${section('applied', 'Applied and verified', appliedView(d.applied, d.audit))}
    ${section('evidence', past ? 'Evidence at the time' : 'Evidence', evidenceView(d.evidence))}
    ${section('timeline', 'Timeline', timelineView(d.audit), html`<span class="muted">${d.audit.length} entries</span>`)}
  </div>
  <aside class="detail-side">
    ${section('facts', 'Facts', factsView(incident, d.audit, d.pullRequests?.at(-1)))}
    ${section('pods', past ? 'Pods at the time' : 'Pods', podsView(incident, past))}
    ${modelRuns.length > 0 ? section('usage', 'Model usage', usageView(modelRuns)) : ''}
  </aside>
</div>`;
}
