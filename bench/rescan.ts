// A full rescan of 10,000 pods in 500 namespaces: Clopus (list + classify + reconcile into SQLite) side by side with
// `kubectl get pods -A -o json` fetching the same pods from the same sandbox process. Run: npm run bench:rescan
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../src/config/index.js';
import { Detector } from '../src/detector/index.js';
import { KubeClient, loadKubeConfig } from '../src/kube/index.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import { startSandboxChild } from './child.js';
import { median, report } from './lib.js';

const RUNS = 5;
const sandbox = await startSandboxChild({ namespaces: 500, deployments: 5, replicas: 4, failing: 0.02 });
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-rescan-'));

async function measure(fn: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

async function kubectl(): Promise<{ wallMs: number; cpuMs: number }> {
  const home = mkdtempSync(join(dir, 'home-'));
  // bash's `time` reports the child's own wall, user and system time; kubectl's output is discarded.
  const { stdout } = await execa(
    'bash',
    [
      '-c',
      `TIMEFORMAT='%R %U %S'; { time kubectl --kubeconfig ${sandbox.kubeconfig} get pods -A -o json > /dev/null; } 2>&1`,
    ],
    {
      env: { HOME: home, PATH: process.env.PATH },
    },
  );
  const [real, user, sys] = stdout.trim().split(/\s+/).slice(-3).map(Number);
  if (![real, user, sys].every(Number.isFinite))
    throw new Error(`cannot read kubectl timing from: ${stdout.slice(-200)}`);
  return { wallMs: real! * 1000, cpuMs: (user! + sys!) * 1000 };
}

const config = loadConfig({ CLOPUS_DB_PATH: join(dir, 'clopus.db') });
const store = openStore(config.databasePath);
const detector = new Detector({
  kube: new KubeClient(await loadKubeConfig(sandbox.kubeconfig)),
  store,
  config,
  logger: silentLogger(),
});
const cold = await measure(() => detector.start());
await detector.idle();
const warm: Array<{ wallMs: number; cpuMs: number }> = [];
const kube: Array<{ wallMs: number; cpuMs: number }> = [];
for (let i = 0; i < RUNS; i++) {
  warm.push(await measure(() => detector.rescan()));
  kube.push(await kubectl());
}
const incidents = store.listIncidents({ limit: 1, offset: 0 }).total;
const pods = detector.health().pods;
await detector.stop();
store.close();
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

const clopusWall = median(warm.map((r) => r.wallMs));
const clopusCpu = median(warm.map((r) => r.cpuMs));
const kubectlWall = median(kube.map((r) => r.wallMs));
const kubectlCpu = median(kube.map((r) => r.cpuMs));
report({
  name: 'Full rescan of 10,000 pods',
  command: 'npm run bench:rescan',
  figures: {
    pods,
    namespaces: 500,
    'incidents recorded': incidents,
    'clopus first scan (start) wall ms': cold.wallMs,
    'clopus first scan (start) cpu ms': cold.cpuMs,
    [`clopus rescan wall ms (median of ${RUNS})`]: clopusWall,
    [`clopus rescan cpu ms (median of ${RUNS})`]: clopusCpu,
    [`kubectl get pods -A -o json wall ms (median of ${RUNS})`]: kubectlWall,
    [`kubectl get pods -A -o json cpu ms (median of ${RUNS})`]: kubectlCpu,
  },
  target: 'Clopus rescan wall and CPU ≤ kubectl',
  met: clopusWall <= kubectlWall && clopusCpu <= kubectlCpu,
});
