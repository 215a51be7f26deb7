// CLI start-up latency: wall time of `clopus --version`, `clopus incidents` and `clopus show 1` against a seeded
// database, each in a fresh process, as a checkout runs bin/clopus.js (src/ compiled by esbuild into
// node_modules/.cache/clopus, or dist/ when a build is newer than src/) and as an installed package or the image runs it
// (the compiled dist/), beside `kubectl version --client`. The warm-up run compiles the cache when src/ changed.
// Run: npm run bench:cli [-- --runs 20] [--root DIR] [--no-build]
// --root measures another checkout's bin/clopus.js (e.g. an export of main before a change; its node_modules may be a
// symlink to this one's); --no-build skips the compiled run (it builds dist/ into a temporary directory with tsc).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedIncidents } from './dashboard-seed.js';
import { median, percentile, report } from './lib.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    root: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const ROOT = resolve(values.root ?? join(import.meta.dirname, '..'));
const COMMANDS: ReadonlyArray<readonly string[]> = [['--version'], ['incidents'], ['show', '1']];
/** The median a command reading the database should start within (issue 17). */
const TARGET_MS = 400;

const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-cli-'));
const db = join(dir, 'clopus.db');
seedIncidents(db, 500);
// Only the database: a CLOPUS_ variable of the shell running the bench must not change what is measured.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLOPUS_'))),
  CLOPUS_DB_PATH: db,
};

/** bin/clopus.js as an installed package has it: package.json, bin/ and a fresh dist/, no src/. */
function installed(): string {
  const app = join(dir, 'app');
  mkdirSync(app);
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      join(app, 'dist'),
    ],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc exited with ${tsc.status}`);
  cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
  return join(app, 'bin', 'clopus.js');
}

/** Wall milliseconds of one run, and its exit code (a `--version` that did not exist yet exits 2). */
function once(file: string, args: readonly string[]): { ms: number; code: number | null } {
  const t = performance.now();
  const run = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  return { ms: performance.now() - t, code: run.status };
}

/** RUNS runs of each command, interleaved so that a burst of load on the machine spreads over all of them. */
function measure(
  label: string,
  argv0: string,
  prefix: readonly string[],
  commands: ReadonlyArray<readonly string[]>,
): Record<string, number | string> {
  const samples = commands.map(() => [] as number[]);
  const codes = commands.map(() => new Set<number | null>());
  for (const args of commands) once(argv0, [...prefix, ...args]); // warm the disk cache (and tsx's)
  for (let r = 0; r < RUNS; r++) {
    commands.forEach((args, i) => {
      const { ms, code } = once(argv0, [...prefix, ...args]);
      samples[i]!.push(ms);
      codes[i]!.add(code);
    });
  }
  const figures: Record<string, number | string> = {};
  commands.forEach((args, i) => {
    const name = `${label}: ${args.join(' ')}`;
    const exits = [...codes[i]!].join('/');
    figures[`${name} median ms`] = median(samples[i]!);
    figures[`${name} p95 ms`] = percentile(samples[i]!, 95);
    if (exits !== '0') figures[`${name} exit`] = exits;
  });
  return figures;
}

const load = loadavg()[0]!;
const figures: Record<string, number | string> = {
  runs: RUNS,
  'incidents in the database': 500,
  'load average (1 min) at start': load,
};
Object.assign(
  figures,
  measure('checkout (bin/clopus.js)', process.execPath, [join(ROOT, 'bin', 'clopus.js')], COMMANDS),
);
const compiled = values['no-build'] ? undefined : installed();
if (compiled) Object.assign(figures, measure('installed (dist/)', process.execPath, [compiled], COMMANDS));
const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
if (kubectl.status === 0) Object.assign(figures, measure('kubectl', 'kubectl', [], [['version', '--client']]));
rmSync(dir, { recursive: true, force: true });

const reads = (label: string) =>
  ['incidents', 'show 1'].map((c) => figures[`${label}: ${c} median ms`] as number | undefined);
const judged = compiled ? reads('installed (dist/)') : reads('checkout (bin/clopus.js)');
report({
  name: 'CLI start-up latency',
  command: 'npm run bench:cli',
  figures: {
    ...figures,
    root: ROOT === resolve(import.meta.dirname, '..') ? 'this checkout' : ROOT,
    ...(existsSync(join(ROOT, 'dist'))
      ? { 'checkout has dist/': 'yes (bin/clopus.js runs it when it is newer than src/)' }
      : {}),
  },
  target: `incidents and show 1: median ≤ ${TARGET_MS} ms ${compiled ? 'installed (dist/)' : 'from the checkout'}`,
  met: judged.every((ms) => ms !== undefined && ms <= TARGET_MS),
});
