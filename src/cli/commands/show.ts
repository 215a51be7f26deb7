// `clopus show ID`: one incident from the database — pods, evidence, the fix and its records, and its history.
import { loadConfig } from '../../config/index.js';
import { actionLabel, at, auditFacts, factLines, moveNote, when } from '../../present/index.js';
import type { AuditEntry, Incident, PullRequestRecord, StoredEvidence } from '../../store/index.js';
import { outputOf, parse, TABULAR } from '../args.js';
import { incidentNotFound, openExisting } from '../database.js';
import { fixDetails } from '../fix-details.js';
import { clean, data, plain } from '../format.js';
import { incidentIdOf } from '../incident-id.js';
import { type CliIo, write } from '../io.js';
import { SPECS } from '../specs.js';

function podLines(incident: Incident, wide: boolean, now: Date): string[] {
  return incident.pods.map((p) => {
    const extra = wide ? `  uid=${p.uid}  last seen ${when(p.lastSeenAt, now)}` : '';
    return `  ${clean(p.name)}  restarts=${p.restarts}${p.exitCode === undefined ? '' : ` exit=${p.exitCode}`}${extra}  ${clean(p.message)}`;
  });
}

function evidenceLines(evidence: StoredEvidence): string[] {
  const lines = [
    '',
    `Evidence (${clean(evidence.pod)}${evidence.container ? `/${clean(evidence.container)}` : ''}, ${clean(evidence.state)}):`,
  ];
  if (evidence.lastTermination) {
    const t = evidence.lastTermination;
    lines.push(
      `  last termination: exit ${t.exitCode}${t.reason ? ` (${clean(t.reason)})` : ''}${t.finishedAt ? ` at ${at(t.finishedAt)}` : ''}`,
    );
  }
  for (const e of evidence.events) lines.push(`  event ${clean(e.reason)} ×${e.count}: ${clean(e.message)}`);
  if (evidence.logTail) {
    lines.push(`  ${evidence.logsPrevious ? 'previous container log' : 'log'} (tail):`);
    for (const l of evidence.logTail.split('\n')) lines.push(`    ${plain(l)}`);
  }
  return lines;
}

/** The audit trail: one line per entry (when, who, the move and what it did), then its facts, indented. */
export function historyLines(audit: readonly AuditEntry[]): string[] {
  const width = Math.min(24, Math.max(8, ...audit.map((a) => a.actor.length)));
  return audit.flatMap((a) => {
    const note = a.toState === null ? actionLabel(a.action) : moveNote(a.action, a.toState);
    const move = a.toState === null ? '' : `${a.fromState ?? '-'} → ${a.toState}`;
    const head = `  ${at(a.at)}  ${clean(a.actor).padEnd(width)}  ${[move, note].filter(Boolean).join('  ')}`;
    return [head, ...factLines(auditFacts(a.action, a.detail)).map((l) => `      ${l}`)];
  });
}

/** Where the fix went as a pull request, and how far it got. */
function pullRequestLines(pr: PullRequestRecord | undefined): string[] {
  if (!pr) return [];
  const what = pr.number === null ? `branch ${pr.branch}` : `pull request #${pr.number}`;
  const state =
    pr.state === 'merged'
      ? `merged${pr.mergedBy ? ` by ${clean(pr.mergedBy)}` : ''}${pr.syncedRevision ? ', synced' : ', waiting for the sync'}`
      : pr.state === 'closed'
        ? `closed without merging${pr.closedBy ? ` by ${clean(pr.closedBy)}` : ''}`
        : 'open';
  return [`Fix PR:    ${what} (${state}): ${clean(pr.url)}`];
}

export async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.show, argv);
  const output = outputOf(values.output, 'show', TABULAR);
  const id = incidentIdOf('show', SPECS.show.usage, positionals);
  const config = loadConfig(io.env);
  const store = openExisting(config);
  try {
    const incident = store.getIncident(id);
    if (!incident) throw incidentNotFound(id, config);
    const evidence = store.latestEvidence(id);
    const audit = store.auditTrail(id);
    const fix = fixDetails(store, incident);
    if (output === 'json' || output === 'yaml') {
      const pullRequests = store.pullRequestsOf(id);
      write(io.stdout, data({ incident, evidence: evidence ?? null, audit, pullRequests, ...fix.json }, output));
      return 0;
    }
    const now = new Date();
    const lines = [
      `Incident ${incident.id}: ${incident.reason} in ${incident.workloadKind.toLowerCase()}/${clean(incident.workloadName)} (namespace ${clean(incident.namespace)}, cluster ${clean(incident.cluster)})`,
      `State:     ${incident.state}`,
      `Container: ${clean(incident.container ?? '-')}`,
      `Message:   ${clean(incident.message)}`,
      ...(incident.manager ? [`Manager:   ${clean(incident.manager.description)}`] : []),
      ...pullRequestLines(store.latestPullRequest(id)),
      `First seen ${when(incident.firstSeenAt, now)}, last seen ${when(incident.lastSeenAt, now)}${incident.reopenCount ? `, reopened ${incident.reopenCount}×` : ''}`,
      '',
      'Pods:',
      ...podLines(incident, output === 'wide', now),
      ...(evidence ? evidenceLines(evidence) : []),
      ...fix.lines,
      '',
      'History:',
      ...historyLines(audit),
    ];
    write(io.stdout, lines.join('\n'));
  } finally {
    store.close();
  }
  return 0;
}
