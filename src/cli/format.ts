// Plain-text tables and data for the terminal. Cluster strings are untrusted: control characters and terminal escapes
// never reach the terminal (src/present/sanitize.ts).
import { stringify as toYaml } from 'yaml';
import { workloadLabel } from '../core/index.js';
import type { ResolvedFinding } from '../detector/index.js';
import { sanitize, sanitizeBlock } from '../present/index.js';
import type { Output } from './args.js';

/** One line of untrusted text, safe for the terminal. */
export const clean = sanitize;

/** Multi-line cluster text (diffs, logs) with control characters removed but tabs and newlines kept. */
export const plain = sanitizeBlock;

export interface Column<T> {
  header: string;
  cell: (item: T) => string;
  /** Only with -o wide. */
  wide?: true;
}

export interface TableOptions {
  wide?: boolean;
  /** false for --no-headers. */
  headers?: boolean;
  /** Cut cells to this many characters (on a terminal); no cut when undefined. */
  maxWidth?: number | undefined;
}

/** Aligned columns, two spaces apart; the last column is not padded. */
export function table(headers: string[], rows: string[][], maxWidth?: number, withHeaders = true): string {
  const cells = [...(withHeaders ? [headers] : []), ...rows].map((r) =>
    r.map((c) => {
      const s = clean(c);
      return maxWidth !== undefined && s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
    }),
  );
  const widths = headers.map((_, i) => Math.max(0, ...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** Items as a table of the columns that apply (the wide ones only with -o wide). */
export function columns<T>(items: readonly T[], cols: ReadonlyArray<Column<T>>, opts: TableOptions = {}): string {
  const shown = cols.filter((c) => !c.wide || opts.wide);
  return table(
    shown.map((c) => c.header),
    items.map((i) => shown.map((c) => c.cell(i))),
    opts.maxWidth,
    opts.headers !== false,
  );
}

/** -o json or -o yaml: the same data, for scripts. */
export function data(value: unknown, output: Extract<Output, 'json' | 'yaml'>): string {
  return output === 'json' ? JSON.stringify(value, null, 2) : toYaml(value, { lineWidth: 0 }).trimEnd();
}

/** The JSON shape of one finding, documented in the README: stable keys for scripts. */
export function findingJson(f: ResolvedFinding) {
  return {
    namespace: f.namespace,
    pod: f.pod,
    container: f.container,
    reason: f.reason,
    message: f.message,
    workload: workloadLabel(f.workload),
    restarts: f.restarts,
    ...(f.exitCode === undefined ? {} : { exitCode: f.exitCode }),
  };
}

const FINDING_COLUMNS: ReadonlyArray<Column<ResolvedFinding>> = [
  { header: 'NAMESPACE', cell: (f) => f.namespace },
  { header: 'WORKLOAD', cell: (f) => workloadLabel(f.workload) },
  { header: 'POD', cell: (f) => f.pod },
  { header: 'CONTAINER', cell: (f) => f.container ?? '-' },
  { header: 'REASON', cell: (f) => f.reason },
  { header: 'RESTARTS', cell: (f) => String(f.restarts) },
  { header: 'EXIT', cell: (f) => (f.exitCode === undefined ? '-' : String(f.exitCode)), wide: true },
  { header: 'OWNER', cell: (f) => `${f.owner.kind.toLowerCase()}/${f.owner.name}`, wide: true },
  { header: 'MESSAGE', cell: (f) => f.message },
];

/** Findings (scan, triage) as a table; nothing when there are none (the summary line says so). */
export function findingsTable(findings: readonly ResolvedFinding[], opts: TableOptions = {}): string {
  return columns(findings, FINDING_COLUMNS, opts);
}
