// `clopus incidents` and `clopus show ID`: read the database.
import { loadConfig } from '../../config/index.js';
import { openStore } from '../../store/index.js';
import { STATES, type IncidentState } from '../../store/types.js';
import { ClopusError } from '../../errors.js';
import { parse, outputOf } from '../args.js';
import { SPECS } from '../specs.js';
import { clean, plain, table } from '../format.js';
import { fixDetails } from '../fix-details.js';
import { write, type CliIo } from '../io.js';

function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

export async function incidents(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.incidents, argv);
  const output = outputOf(values.output, 'incidents');
  if (values.state !== undefined && !(STATES as readonly string[]).includes(values.state)) {
    throw new ClopusError('INPUT_INVALID', `clopus incidents: unknown state "${values.state}"; one of: ${STATES.join(', ')}`, { exitCode: 2 });
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new ClopusError('INPUT_INVALID', `clopus incidents: --limit must be a whole number from 1 to 10000`, { exitCode: 2 });
  }
  const config = loadConfig(io.env);
  const store = openStore(config.databasePath);
  try {
    const { items, total } = store.listIncidents({
      ...(values.state ? { state: values.state as IncidentState } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      limit,
      offset: 0,
    });
    if (output === 'json') {
      write(io.stdout, JSON.stringify(items, null, 2));
    } else if (items.length === 0) {
      write(io.stdout, 'No incidents.');
    } else {
      write(
        io.stdout,
        table(
          ['ID', 'STATE', 'NAMESPACE', 'WORKLOAD', 'REASON', 'PODS', 'RESTARTS', 'AGE'],
          items.map((i) => [String(i.id), i.state, i.namespace, `${i.workloadKind.toLowerCase()}/${i.workloadName}`, i.reason, String(i.pods.length), String(i.restarts), age(i.firstSeenAt)]),
        ) + `\n\n${items.length} of ${total} incidents`,
      );
    }
  } finally {
    store.close();
  }
  return 0;
}

export async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.show, argv);
  const output = outputOf(values.output, 'show');
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) {
    throw new ClopusError('INPUT_INVALID', `clopus show needs one incident ID (a positive whole number)\nusage: ${SPECS.show.usage}`, { exitCode: 2 });
  }
  const config = loadConfig(io.env);
  const store = openStore(config.databasePath);
  try {
    const incident = store.getIncident(id);
    if (!incident) throw new ClopusError('NOT_FOUND', `incident ${id} not found; list them with: clopus incidents`);
    const evidence = store.latestEvidence(id);
    const audit = store.auditTrail(id);
    const fix = fixDetails(store, incident);
    if (output === 'json') {
      write(io.stdout, JSON.stringify({ incident, evidence: evidence ?? null, audit, ...fix.json }, null, 2));
      return 0;
    }
    const lines = [
      `Incident ${incident.id}: ${incident.reason} in ${incident.workloadKind.toLowerCase()}/${incident.workloadName} (namespace ${incident.namespace}, cluster ${incident.cluster})`,
      `State:     ${incident.state}`,
      `Container: ${incident.container ?? '-'}`,
      `Message:   ${clean(incident.message)}`,
      `First seen ${incident.firstSeenAt}, last seen ${incident.lastSeenAt}${incident.reopenCount ? `, reopened ${incident.reopenCount}×` : ''}`,
      '',
      'Pods:',
      ...incident.pods.map((p) => `  ${p.name}  restarts=${p.restarts}${p.exitCode === undefined ? '' : ` exit=${p.exitCode}`}  ${clean(p.message)}`),
    ];
    if (evidence) {
      lines.push('', `Evidence (${evidence.pod}${evidence.container ? `/${evidence.container}` : ''}, ${evidence.state}):`);
      if (evidence.lastTermination) {
        const t = evidence.lastTermination;
        lines.push(`  last termination: exit ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}${t.finishedAt ? ` at ${t.finishedAt}` : ''}`);
      }
      for (const e of evidence.events) lines.push(`  event ${e.reason} ×${e.count}: ${clean(e.message)}`);
      if (evidence.logTail) {
        lines.push(`  ${evidence.logsPrevious ? 'previous container log' : 'log'} (tail):`);
        for (const l of evidence.logTail.split('\n')) lines.push(`    ${plain(l)}`);
      }
    }
    lines.push(...fix.lines);
    lines.push('', 'History:');
    for (const a of audit) lines.push(`  ${a.at}  ${a.actor.padEnd(10)} ${a.fromState ?? '-'} → ${a.toState ?? '-'}  ${a.action}${a.detail ? `: ${clean(a.detail)}` : ''}`);
    write(io.stdout, lines.join('\n'));
  } finally {
    store.close();
  }
  return 0;
}
