// The pull request a reviewer reads on the forge: what broke, why, what the change is, who approved it here, and
// where to follow it. Cluster text (the incident message, the model's summary) goes in fences, so a log line
// cannot ping people, close issues or format itself as instructions.
import type { Incident } from '../../store/index.js';

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\r/g, '')}\n${fence}`;
}

export function branchFor(incidentId: number): string {
  return `clopus/incident-${incidentId}`;
}

export function pullRequestTitle(incident: Incident): string {
  return `clopus: fix ${incident.reason} in ${incident.workloadKind.toLowerCase()}/${incident.workloadName} (incident ${incident.id})`;
}

export function commitMessage(incident: Incident, rootCause: string, approver: string): string {
  return `${pullRequestTitle(incident)}\n\n${rootCause}\n\nIncident: ${incident.id} (${incident.namespace}/${incident.workloadName})\nApproved-by: ${approver}\n`;
}

export interface BodyInput {
  incident: Incident;
  rootCause: string;
  approver: string;
  /** The reviewer's diff as Clopus showed it: the file diff and the rendered object's diff. */
  diff: string;
  manager: string;
  dashboardUrl?: string | undefined;
}

export function pullRequestBody(input: BodyInput): string {
  const { incident } = input;
  const link = input.dashboardUrl
    ? `${input.dashboardUrl.replace(/\/+$/, '')}/incidents/${incident.id}`
    : `clopus show ${incident.id}`;
  return [
    `Clopus proposes this change for incident ${incident.id}: ${incident.reason} in ${incident.namespace}/${incident.workloadName}, approved by ${input.approver}.`,
    '',
    '### Diagnosis',
    fenced(input.rootCause),
    '',
    '### Evidence',
    fenced(
      `${incident.reason}: ${incident.message}\nrestarts: ${incident.restarts}; first seen ${incident.firstSeenAt}; pods: ${incident.pods.map((p) => p.name).join(', ')}`,
    ),
    '',
    '### Change',
    fenced(input.diff),
    '',
    `The workload is ${input.manager}. Once this is merged, Clopus waits for the controller to sync the merge commit, then verifies the workload.`,
    '',
    `Follow it: ${link}`,
  ].join('\n');
}
