// Time to detect: from the API server changing a pod's status to the incident row being committed, over 200 changes,
// while the detector watches a 2,000-pod cluster. Run: npm run bench:detect
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { Detector } from '../src/detector/index.js';
import { KubeClient, loadKubeConfig } from '../src/kube/index.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import { startSandboxChild } from './child.js';
import { machine, percentile, report } from './lib.js';

const CHANGES = 200;
const sandbox = await startSandboxChild({ namespaces: 100, deployments: 5, replicas: 4, failing: 0.02 });
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-detect-'));
const config = loadConfig({ CLOPUS_DB_PATH: join(dir, 'clopus.db') });
const store = openStore(config.databasePath);
const detector = new Detector({
  kube: new KubeClient(await loadKubeConfig(sandbox.kubeconfig)),
  store,
  config,
  logger: silentLogger(),
});
await detector.start();

const targets: string[] = [];
for (let i = 0; i < CHANGES; i++) {
  const { pods } = await sandbox.send<{ pods: string[] }>({
    op: 'deploy',
    namespace: `latency-${i % 20}`,
    name: `target-${i}`,
  });
  targets.push(pods[0]!);
}
await detector.idle();
const before = store.listIncidents({ limit: 1, offset: 0 }).total;

const changedAt = new Map<string, number>();
for (let i = 0; i < CHANGES; i++) {
  const { t } = await sandbox.send<{ t: number }>({ op: 'crash', namespace: `latency-${i % 20}`, pod: targets[i] });
  changedAt.set(`target-${i}`, t);
  await new Promise((r) => setTimeout(r, 10));
}
const deadline = Date.now() + 30_000;
while (store.listIncidents({ limit: 1, offset: 0 }).total < before + CHANGES && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 20));

const latencies: number[] = [];
for (const incident of store.listIncidents({ limit: 500, offset: 0, search: 'target-' }).items) {
  const t = changedAt.get(incident.workloadName);
  if (t !== undefined) latencies.push(Date.parse(incident.createdAt) - t);
}
await detector.stop();
store.close();
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

const p99 = percentile(latencies, 99);
report({
  name: 'Time to detect',
  command: 'npm run bench:detect',
  figures: {
    'changes detected': `${latencies.length} of ${CHANGES}`,
    'background pods': sandbox.pods,
    'p50 ms': percentile(latencies, 50),
    'p95 ms': percentile(latencies, 95),
    'p99 ms': p99,
    'max ms': Math.max(...latencies),
  },
  target: 'p99 ≤ 1000 ms',
  met: latencies.length === CHANGES && p99 <= 1000,
});
void machine;
