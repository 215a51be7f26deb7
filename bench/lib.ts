// Shared by the benchmarks: the machine they ran on, percentiles, and one place results are printed and saved.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export interface BenchResult {
  name: string;
  command: string;
  figures: Record<string, number | string>;
  target: string;
  met: boolean;
}

/** Prints a result with the machine it ran on and keeps a JSON copy in bench/out/ for the report. */
export function report(result: BenchResult): void {
  const lines = [
    `# ${result.name}`,
    `machine: ${machine()}`,
    `command: ${result.command}`,
    ...Object.entries(result.figures).map(([k, v]) => `${k}: ${typeof v === 'number' ? Number(v.toFixed(2)) : v}`),
    `target: ${result.target} → ${result.met ? 'met' : 'NOT met'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n\n');
  const dir = join(import.meta.dirname, 'out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${result.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`),
    JSON.stringify({ ...result, machine: machine(), at: new Date().toISOString() }, null, 2),
  );
}
