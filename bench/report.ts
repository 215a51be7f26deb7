// Writes the table of every benchmark's latest result (bench/out/*.json) into bench/README.md and the README's
// performance section, between the `bench:results` markers, so the two always show the same run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './lib.js';

type Saved = BenchResult & { machine: string; at: string };

const ROOT = join(import.meta.dirname, '..');
const OUT = join(import.meta.dirname, 'out');
/** Order of the rows: the order the benchmarks run in. */
const ORDER = [
  'bench:detect',
  'bench:recovery',
  'bench:rescan',
  'bench:rss',
  'bench:slack',
  'bench:dashboard',
  'bench:envelope',
  'bench:cli',
  'bench:gitops',
  'bench:revision',
];

const shown = (v: number | string): string => {
  if (typeof v === 'string') return v;
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toFixed(1)));
};

export function table(results: Saved[]): string {
  const sorted = [...results].sort(
    (a, b) => ORDER.indexOf(a.command.replace('npm run ', '')) - ORDER.indexOf(b.command.replace('npm run ', '')),
  );
  const machines = [...new Set(sorted.map((r) => r.machine))];
  const days = [...new Set(sorted.map((r) => r.at.slice(0, 10)))];
  const rows = sorted.map((r) => {
    const figures = Object.entries(r.figures)
      .map(([k, v]) => `${k}: ${shown(v)}`)
      .join('; ');
    return `| ${r.name} | \`${r.command}\` | ${figures} | ${r.target} | ${r.met ? 'met' : '**not met**'} |`;
  });
  return [
    `Run together with \`npm run bench\` on ${days.join(', ')}; machine: ${machines.join('; ')}.`,
    '',
    '| benchmark | command | figures | target | |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function replaceBetweenMarkers(file: string, body: string): void {
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:results -->';
  const end = '<!-- /bench:results -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} … ${end} section`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
}

export function writeReport(): void {
  const results = readdirSync(OUT)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')) as Saved);
  const body = table(results);
  for (const file of [join(import.meta.dirname, 'README.md'), join(ROOT, 'README.md')])
    replaceBetweenMarkers(file, body);
  process.stdout.write(`${body}\n`);
}

if (process.argv[1] === import.meta.filename) writeReport();
