// Plain-text tables for the terminal. Cluster strings are untrusted: control characters never reach the terminal.
import type { ResolvedFinding } from '../detector/index.js';
import { workloadLabel } from '../detector/index.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function clean(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ');
}

export function table(headers: string[], rows: string[][], maxWidth = 80): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => {
    const s = clean(c);
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  }));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
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

export function findingsTable(findings: ResolvedFinding[]): string {
  if (findings.length === 0) return 'No degraded pods found.';
  return table(
    ['NAMESPACE', 'WORKLOAD', 'POD', 'CONTAINER', 'REASON', 'RESTARTS', 'MESSAGE'],
    findings.map((f) => [f.namespace, workloadLabel(f.workload), f.pod, f.container ?? '-', f.reason, String(f.restarts), f.message]),
  );
}

/** Multi-line cluster text (diffs, logs) with control characters removed but tabs and newlines kept. */
export function plain(text: string): string {
  return text.replace(CONTROL, '');
}
