// The Prometheus text exposition format (0.0.4): HELP and TYPE lines, then samples with escaped label values.
import type { ExtraMetric } from './types.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function value(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function labels(set: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(set ?? {}).filter(([k]) => NAME.test(k));
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

export interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: ReadonlyArray<{ suffix?: string; labels?: Readonly<Record<string, string>>; value: number }>;
}

export function render(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) continue;
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${f.name}${s.suffix ?? ''}${labels(s.labels)} ${value(s.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function fromExtra(metrics: readonly ExtraMetric[]): Family[] {
  return metrics.map((m) => ({ name: m.name, help: m.help, type: m.type, samples: m.samples }));
}
