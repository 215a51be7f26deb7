// The fixer's part of `clopus show ID`: the latest proposal with its diff, every diagnosis with its usage, the
// decisions and what applying did. Cluster and model text is untrusted: control characters never reach the terminal.
import { describeError } from '../errors.js';
import type { ProposalAction } from '../planner/proposal/index.js';
import { loadLatestProposal, type StoredProposal } from '../planner/proposal/index.js';
import { at } from '../present/index.js';
import type { Diagnosis, Incident, ProposalRecord, Revision, Store } from '../store/index.js';
import { clean, plain } from './format.js';

function target(a: ProposalAction, incident: Incident): string {
  switch (a.type) {
    case 'edit_file':
      return `${a.path} in ${a.pod}/${a.container}`;
    case 'exec':
      return `"${a.argv.join(' ')}" in ${a.pod}/${a.container}`;
    case 'restart_pod':
      return `pod ${a.pod}`;
    case 'patch_workload':
      return `${incident.workloadKind.toLowerCase()}/${incident.workloadName}`;
    case 'edit_repo_file':
      return `${a.path} in the manifests repository`;
  }
}

function usage(d: Diagnosis): string {
  const cost = d.costUsd === null ? '-' : `$${d.costUsd.toFixed(4)}`;
  const seconds = d.durationMs === null ? '-' : `${(d.durationMs / 1000).toFixed(1)} s`;
  return `model ${d.model ?? '-'}, ${d.turns ?? 0} turns, ${d.inputTokens ?? 0} in / ${d.outputTokens ?? 0} out tokens, ${cost}, ${seconds}`;
}

function proposalLines(incident: Incident, stored: StoredProposal, diagnoses: Diagnosis[]): string[] {
  const { summary, actions } = stored.proposal;
  const by = diagnoses.find((d) => d.id === stored.diagnosisId)?.planner;
  const lines = [
    `Proposal ${stored.id} (${stored.status}, made ${at(stored.createdAt)}${by ? ` by the ${by} planner` : ''}):`,
    `  Root cause: ${clean(summary.rootCause)}`,
    `  Confidence: ${summary.confidence}   Risk: ${summary.risk}`,
    '  Actions:',
    ...actions.map((a, i) => `    ${i + 1}. ${a.type} ${clean(target(a, incident))}: ${clean(a.reason)}`),
  ];
  if (stored.diff.trim())
    lines.push(
      '  Diff:',
      ...plain(stored.diff)
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  return lines;
}

/** "Revision 1 by slack:U1: use 256Mi → proposal 9": what a reviewer asked, and what came of it so far. */
function revisionLine(r: Revision, incident: Incident): string {
  const after =
    r.proposalAfterId !== null
      ? `proposal ${r.proposalAfterId}`
      : incident.state === 'revising' || incident.state === 'diagnosing'
        ? 'being prepared'
        : 'no revised proposal';
  return `  Revision ${r.number} by ${clean(r.requestedBy)}: ${clean(r.request)} → ${after}`;
}

/** Lines for the terminal and an object for --output json. */
export function fixDetails(store: Store, incident: Incident): { lines: string[]; json: Record<string, unknown> } {
  const diagnoses = store.listDiagnoses(incident.id);
  const latest: ProposalRecord | undefined = store.latestProposal(incident.id);
  const decisions = latest ? store.listDecisions(latest.id) : [];
  const applied = latest ? store.listAppliedActions(latest.id) : [];
  const revisions = store.revisionsOf(incident.id);
  const lines: string[] = [];

  if (latest) {
    try {
      const stored = loadLatestProposal(store, incident.id)!;
      lines.push('', ...proposalLines(incident, stored, diagnoses));
    } catch (err) {
      lines.push('', `Proposal ${latest.id} (${latest.status}): ${clean(describeError(err))}`);
    }
  }
  if (decisions.length > 0) {
    lines.push('', 'Decisions:');
    for (const d of decisions)
      lines.push(
        `  ${at(d.at)}  ${d.decision} by ${clean(d.actor)} via ${d.via}${d.detail ? `: ${clean(d.detail)}` : ''}`,
      );
  }
  if (revisions.length > 0) {
    lines.push('', 'Revisions:');
    for (const r of revisions) lines.push(revisionLine(r, incident));
  }
  if (applied.length > 0) {
    lines.push('', `Applied actions (proposal ${latest!.id}):`);
    for (const a of applied)
      lines.push(`  ${a.seq}. ${a.kind}  ${a.status}  ${at(a.at)}${a.detail ? `  ${clean(a.detail)}` : ''}`);
  }
  if (diagnoses.length > 0) {
    lines.push('', 'Diagnoses:');
    for (const d of diagnoses) {
      const why = d.error ?? d.explanation;
      const revision = revisions.find((r) => r.id === d.revisionId);
      const what = revision ? ` (revision ${revision.number})` : '';
      lines.push(`  #${d.attempt} ${d.planner}${what}  ${d.status}  ${at(d.startedAt)}  ${usage(d)}`);
      if (why) lines.push(`     ${clean(why)}`);
    }
  }
  return { lines, json: { proposal: latest ?? null, decisions, revisions, appliedActions: applied, diagnoses } };
}
