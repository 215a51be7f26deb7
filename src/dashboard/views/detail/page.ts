// The incident page: what degraded and what Clopus did about it, from detection to verdict.
import type { AppliedAction, AuditEntry, Decision, Diagnosis, Incident, ProposalRecord, StoredEvidence } from '../../../store/index.js';
import { html, type Html } from '../html.js';
import { badge, chip, stateHint } from '../states.js';
import { evidenceView } from './evidence.js';
import { factsView, podsView } from './facts.js';
import { appliedView, decisionsView } from './outcome.js';
import { diagnosisView, proposalView } from './proposal.js';
import { timelineView } from './timeline.js';
import { usageView } from './usage.js';

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
}

function section(id: string, title: string, body: Html, extra: Html | string = ''): Html {
  return html`<section class="panel" id="${id}"><div class="panel-head"><h2>${title}</h2>${extra}</div>${body}</section>`;
}

export function incidentBody(d: IncidentDetail): Html {
  const { incident } = d;
  const latest = d.proposals.at(-1);
  return html`<nav class="crumbs"><a href="/incidents">Incidents</a> <span aria-hidden="true">/</span> #${incident.id}</nav>
<header class="incident-head">
  <h1><span class="kind">${incident.workloadKind}</span> <span class="ns">${incident.namespace}/</span>${incident.workloadName}</h1>
  <div class="head-chips">${badge(incident.state)} ${chip(incident.reason)} <span class="muted">${stateHint(incident.state)}</span></div>
  <p class="message">${incident.message}</p>
</header>
<div class="detail-grid">
  <div class="detail-main">
    ${section('diagnosis', 'Diagnosis', diagnosisView(d.diagnoses, latest))}
    ${section('proposal', 'Proposed fix', proposalView(latest, Math.max(0, d.proposals.length - 1)))}
    ${section('decisions', 'Decisions', decisionsView(d.decisions))}
    ${section('applied', 'Applied and verified', appliedView(d.applied, d.audit))}
    ${section('evidence', 'Evidence', evidenceView(d.evidence))}
    ${section('timeline', 'Timeline', timelineView(d.audit), html`<span class="muted">${d.audit.length} entries</span>`)}
  </div>
  <aside class="detail-side">
    ${section('facts', 'Facts', factsView(incident))}
    ${section('pods', 'Pods', podsView(incident))}
    ${section('usage', 'Model usage', usageView(d.diagnoses))}
  </aside>
</div>`;
}
