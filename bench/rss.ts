// Resident memory of the detector while it watches 10,000 pods. Run: npm run bench:rss
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxChild } from './child.js';
import { report } from './lib.js';
import { loadKubeConfig, KubeClient } from '../src/kube/index.js';
import { openStore } from '../src/store/index.js';
import { Detector } from '../src/detector/index.js';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/logger.js';

const gc = (globalThis as { gc?: () => void }).gc;
const sandbox = await startSandboxChild({ namespaces: 500, deployments: 5, replicas: 4, failing: 0.02 });
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-rss-'));
const baseline = process.memoryUsage().rss;
const config = loadConfig({ CLOPUS_DB_PATH: join(dir, 'clopus.db') });
const store = openStore(config.databasePath);
const detector = new Detector({ kube: new KubeClient(loadKubeConfig(sandbox.kubeconfig)), store, config, logger: silentLogger() });
await detector.start();
let peak = process.memoryUsage().rss;
for (let i = 0; i < 3; i++) {
  await detector.rescan();
  peak = Math.max(peak, process.memoryUsage().rss);
}
await detector.idle();
gc?.();
await new Promise((r) => setTimeout(r, 2000));
const steady = process.memoryUsage();
const pods = detector.health().pods;
await detector.stop();
store.close();
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

const mb = (n: number) => n / 2 ** 20;
report({
  name: 'Memory while watching 10,000 pods',
  command: 'npm run bench:rss',
  figures: {
    pods,
    'rss before start MB': mb(baseline),
    'rss steady (after GC) MB': mb(steady.rss),
    'rss peak during rescans MB': mb(peak),
    'heap used MB': mb(steady.heapUsed),
  },
  target: 'steady RSS ≤ 250 MB',
  met: mb(steady.rss) <= 250,
});
