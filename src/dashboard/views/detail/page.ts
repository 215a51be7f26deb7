// The incident page: what degraded and what Clopus did about it, from detection to verdict.
import type {
  Answer,
  AppliedAction,
  AuditEntry,
  Decision,
  Diagnosis,
  Incident,
  IncidentModelUsage,
  ProposalRecord,
  PullRequestRecord,
  Revision,
  StoredEvidence,
} from '../../../store/index.js';
import { plural } from '../format.js';
import { type Html, html } from '../html.js';
import { badge, chip, isHealthy, stateHint } from '../states.js';
import { conversationView } from './conversation.js';
import { evidenceView } from './evidence.js';
import { factsView, podsView } from './facts.js';
import { proposalHistory } from './history.js';
import { noFixHelp } from './no-fix.js';
import { appliedView, decisionsView } from './outcome.js';
import { diagnosisView } from './proposal.js';
import { timelineView } from './timeline.js';
import { isModelRun, modelUseView, usageView } from './usage.js';

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
  /** Reviewers' "Request changes", oldest first. */
  revisions?: Revision[];
  /** Questions asked in the incident's thread, oldest first. */
  answers?: Answer[];
  /** Diagnoses and answers together (Store.incidentModelUsage). */
  modelUsage?: IncidentModelUsage;
}

function section(id: string, title: string, body: Html, extra: Html | string = ''): Html {
  return html`<section class="panel" id="${id}"><div class="panel-head"><h2>${title}</h2>${extra}</div>${body}</section>`;
}

/** Whether the model cost anything: a question answered after the diagnosis counts, a refused one does not. */
const spent = (u: IncidentModelUsage | undefined): boolean =>
  u !== undefined && (u.costUsd > 0 || u.inputTokens + u.outputTokens > 0);

export function incidentBody(d: IncidentDetail): Html {
  const { incident } = d;
  const latest = d.proposals.at(-1);
  // After a fix or a recovery the message, pods and evidence describe the failure as it was, not the workload now.
  const past = isHealthy(incident.state);
  const modelRuns = d.diagnoses.filter(isModelRun);
  const revisions = d.revisions ?? [];
  const answers = d.answers ?? [];
  const history = d.proposals.length > 1 || revisions.length > 0;
  const proposed =
    latest || incident.state !== 'no_fix'
      ? proposalHistory({
          state: incident.state,
          proposals: d.proposals,
          revisions,
          decisions: d.decisions,
          audit: d.audit,
          diagnoses: d.diagnoses,
        })
      : '';
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
    ${section('proposal', incident.state === 'no_fix' ? 'Fix' : history ? 'Proposals' : 'Proposed fix', proposal, history ? html`<span class="muted">${plural(d.proposals.length, 'proposal')} · ${plural(revisions.length, 'revision')}</span>` : '')}
    ${section('decisions', 'Decisions', decisionsView(d.decisions))}
    ${answers.length > 0 ? section('conversation', 'Conversation', conversationView(answers), html`<span class="muted">${plural(answers.length, 'question')}</span>`) : ''}
    ${section('applied', 'Applied and verified', appliedView(d.applied, d.audit))}
    ${section('evidence', past ? 'Evidence at the time' : 'Evidence', evidenceView(d.evidence))}
    ${section('timeline', 'Timeline', timelineView(d.audit), html`<span class="muted">${d.audit.length} entries</span>`)}
  </div>
  <aside class="detail-side">
    ${section('facts', 'Facts', factsView(incident, d.audit, d.pullRequests?.at(-1)))}
    ${section('pods', past ? 'Pods at the time' : 'Pods', podsView(incident, past))}
    ${modelRuns.length > 0 || spent(d.modelUsage) ? section('usage', 'Model usage', html`${d.modelUsage ? modelUseView(d.modelUsage) : ''}${modelRuns.length > 0 ? usageView(modelRuns, revisions) : ''}`) : ''}
  </aside>
</div>`;
}
