// `clopus incidents`: list the incidents in the database, newest first.
import { loadConfig } from '../../config/index.js';
import { type IncidentState, STATES } from '../../core/index.js';
import { ClopusError } from '../../errors.js';
import type { Incident } from '../../store/index.js';
import { outputOf, parse, TABULAR } from '../args.js';
import { openExisting } from '../database.js';
import { type Column, columns, data } from '../format.js';
import { type CliIo, cellWidth, write } from '../io.js';
import { SPECS } from '../specs.js';

/** "8s", "5m", "3h", "2d", as kubectl's AGE column. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

const COLUMNS: ReadonlyArray<Column<Incident>> = [
  { header: 'ID', cell: (i) => String(i.id) },
  { header: 'STATE', cell: (i) => i.state },
  { header: 'NAMESPACE', cell: (i) => i.namespace },
  { header: 'WORKLOAD', cell: (i) => `${i.workloadKind.toLowerCase()}/${i.workloadName}` },
  { header: 'CONTAINER', cell: (i) => i.container ?? '-', wide: true },
  { header: 'REASON', cell: (i) => i.reason },
  { header: 'PODS', cell: (i) => String(i.pods.length) },
  { header: 'RESTARTS', cell: (i) => String(i.restarts) },
  { header: 'AGE', cell: (i) => age(i.firstSeenAt) },
  { header: 'LAST SEEN', cell: (i) => age(i.lastSeenAt), wide: true },
  { header: 'CLUSTER', cell: (i) => i.cluster, wide: true },
  { header: 'MESSAGE', cell: (i) => i.message, wide: true },
];

export async function incidents(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.incidents, argv);
  const output = outputOf(values.output, 'incidents', TABULAR);
  if (values.state !== undefined && !(STATES as readonly string[]).includes(values.state)) {
    throw new ClopusError('INPUT_INVALID', `unknown state "${values.state}"; one of: ${STATES.join(', ')}`, {
      exitCode: 2,
    });
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new ClopusError('INPUT_INVALID', `--limit must be a whole number from 1 to 10000`, { exitCode: 2 });
  }
  const config = loadConfig(io.env);
  const store = openExisting(config);
  try {
    const { items, total } = store.listIncidents({
      ...(values.state ? { state: values.state as IncidentState } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      limit,
      offset: 0,
    });
    const headers = values['no-headers'] !== true;
    const db = config.databasePath;
    if (output === 'json' || output === 'yaml') write(io.stdout, data(items, output));
    else if (items.length === 0) {
      if (headers)
        write(
          io.stdout,
          values.state || values.namespace ? `No incidents in ${db} match the filters.` : `No incidents in ${db}.`,
        );
    } else {
      const rows = columns(items, COLUMNS, { wide: output === 'wide', headers, maxWidth: cellWidth(io) });
      write(io.stdout, headers ? `${rows}\n\n${items.length} of ${total} incidents in ${db}` : rows);
    }
  } finally {
    store.close();
  }
  return 0;
}
