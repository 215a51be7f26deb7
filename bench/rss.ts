// Resident memory of `clopus serve` (compiled, as the image runs it) while it watches 10,000 pods.
// Run: npm run bench:rss (builds dist/ first).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxChild } from './child.js';
import { median, report } from './lib.js';

const SAMPLES = 10;
const sandbox = await startSandboxChild({ namespaces: 500, deployments: 5, replicas: 4, failing: 0.02 });
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-rss-'));
const root = join(import.meta.dirname, '..');
const bot = spawn(
  process.execPath,
  [join(root, 'dist', 'cli', 'index.js'), 'serve', '--kubeconfig', sandbox.kubeconfig],
  {
    env: {
      ...process.env,
      CLOPUS_DB_PATH: join(dir, 'clopus.db'),
      CLOPUS_LOG_LEVEL: 'warn',
      CLOPUS_RESCAN_SCHEDULE: '*/1 * * * *',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let stderr = '';
await new Promise<void>((resolve, reject) => {
  bot.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (/watching \d+ pods/.test(stderr)) resolve();
  });
  bot.once('exit', (code) => reject(new Error(`clopus serve exited ${code}: ${stderr}`)));
});
const pods = Number(/watching (\d+) pods/.exec(stderr)![1]);

function status(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${bot.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

// Watch traffic while sampling: a few hundred pods change state, as on a bad day.
const rss: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  rss.push(status('VmRSS'));
}
const peak = status('VmHWM');
bot.kill('SIGTERM');
await new Promise((r) => bot.once('exit', r));
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

report({
  name: 'Memory while watching 10,000 pods',
  command: 'npm run bench:rss',
  figures: {
    pods,
    [`clopus serve RSS MB (median of ${SAMPLES} samples, 1 s apart)`]: median(rss),
    'clopus serve peak RSS MB (VmHWM, includes the first list)': peak,
  },
  target: 'steady RSS ≤ 250 MB',
  met: median(rss) <= 250,
});
