// Time to detect after the API server recovers: a pod breaks during a fault (restart, 410, 500s, 429s, slow answers,
// a watch cut mid-object); from the moment the fault clears to the incident row being committed, per fault kind.
// The sandbox runs in this process because restarting it is part of the measurement. Run: npm run bench:recovery
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/index.js';
import { Detector } from '../src/detector/index.js';
import { KubeClient } from '../src/kube/index.js';
import { silentLogger } from '../src/logger.js';
import { crashLoop, deployment, type FaultRule, startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';
import { percentile, report } from './lib.js';

const REPS = 7;
const OUTAGE_MS = 2000;
const SLOW_MS = 2500;
const sandbox = await startSandbox();
const { cluster, faults } = sandbox;
for (let n = 0; n < 50; n++)
  for (let d = 0; d < 2; d++) deployment(cluster, { namespace: `team-${n}`, name: `svc-${d}`, replicas: 2 });
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-recovery-'));
const config = loadConfig({ CLOPUS_DB_PATH: join(dir, 'clopus.db') });
const store = openStore(config.databasePath);
const detector = new Detector({ kube: new KubeClient(sandbox.kubeConfig()), store, config, logger: silentLogger() });
await detector.start();

async function until(probe: () => boolean, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe() && Date.now() < deadline) await sleep(5);
  return probe();
}

/** Faults on every request for the outage, the pod breaking meanwhile; returns when they clear. */
async function outage(rule: Omit<FaultRule, 'path'>, breakPod: () => void): Promise<number> {
  faults.inject({ path: /./, times: Infinity, ...rule });
  faults.cutWatchesMidObject();
  breakPod();
  cluster.compact();
  await sleep(OUTAGE_MS);
  faults.clear();
  return Date.now();
}

/** Each returns the moment the fault is over: from then on, detection is the detector's own doing. */
const KINDS: Record<string, (breakPod: () => void) => Promise<number>> = {
  'restart (2 s down)': async (breakPod) => {
    await sandbox.restart({ whileDown: () => sleep(OUTAGE_MS).then(breakPod) });
    return Date.now();
  },
  '410 Gone (compacted while cut)': async (breakPod) => {
    const t = Date.now();
    faults.cutWatchesMidObject();
    breakPod();
    cluster.compact();
    return t;
  },
  '500s for 2 s': (breakPod) => outage({ status: 500 }, breakPod),
  '429s for 2 s (Retry-After 1)': (breakPod) => outage({ status: 429, retryAfterSeconds: 1 }, breakPod),
  // The watch and the relist each answer 2.5 s late; the clock starts when the last of them answers.
  'slow watch + relist (2.5 s each)': async (breakPod) => {
    faults.inject({ path: /^\/api\/v1\/pods\?/, delayMs: SLOW_MS, times: 2 });
    const t = Date.now();
    faults.cutWatchesMidObject();
    breakPod();
    cluster.compact();
    return t + 2 * SLOW_MS;
  },
  'watch cut mid-object': async (breakPod) => {
    const t = Date.now();
    faults.cutWatchesMidObject();
    breakPod();
    return t;
  },
};

const figures: Record<string, number | string> = {};
const missed: string[] = [];
let worstP95 = 0;
for (const [kind, fault] of Object.entries(KINDS)) {
  const latencies: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const name = `target-${Object.keys(figures).length}-${rep}`;
    const pod = deployment(cluster, { namespace: 'recovery', name }).pods[0]!.metadata.name!;
    // Start from a detector that knows the pod and watches again, as in a calm moment.
    await until(() => detector.pods.has(`recovery/${pod}`) && faults.openWatches > 0);
    const clearedAt = await fault(() => crashLoop(cluster, 'recovery', pod, { restarts: 3, event: false }));
    const found = await until(() => store.listIncidents({ limit: 1, offset: 0, search: name }).total > 0);
    if (!found) {
      missed.push(`${kind} #${rep}`);
      continue;
    }
    const incident = store.listIncidents({ limit: 1, offset: 0, search: name }).items[0]!;
    latencies.push(Math.max(0, Date.parse(incident.createdAt) - clearedAt));
  }
  const p95 = percentile(latencies, 95);
  worstP95 = Math.max(worstP95, p95);
  figures[`${kind}: p50 / p95 / max ms`] =
    `${percentile(latencies, 50)} / ${p95} / ${Math.max(...latencies)} (${latencies.length} of ${REPS})`;
}
await detector.stop();
store.close();
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

report({
  name: 'Time to detect after API recovery',
  command: 'npm run bench:recovery',
  figures: { 'background pods': 200, ...figures, missed: missed.length === 0 ? 'none' : missed.join(', ') },
  target: 'every fault kind: p95 ≤ 10000 ms from recovery (the detector tick), none missed',
  met: missed.length === 0 && worstP95 <= 10_000,
});
