// `npm run demo`: the real detector and store against an embedded sandbox cluster — no cluster, Slack or API key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, ClusterState } from '../sandbox/index.js';
import { openStore } from '../store/index.js';
import { KubeClient } from '../kube/index.js';
import { Detector } from '../detector/index.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import { buildScenario, GUARDED, TRUSTED } from './scenario.js';

const { values } = parseArgs({ options: { once: { type: 'boolean', default: false }, db: { type: 'string' } } });
const say = (text = '') => process.stdout.write(`${text}\n`);

const cluster = new ClusterState();
buildScenario(cluster);
const sandbox = await startSandbox({ cluster });
const dir = mkdtempSync(join(tmpdir(), 'clopus-demo-'));
const kubeconfig = join(dir, 'kubeconfig');
sandbox.writeKubeconfig(kubeconfig);
const config = loadConfig({ ...process.env, CLOPUS_DB_PATH: values.db ?? join(dir, 'clopus.db'), CLOPUS_CLUSTER: 'sandbox' });
const logger = createLogger({ level: process.env.CLOPUS_LOG_LEVEL ?? 'warn' });
const store = openStore(config.databasePath, { logger });
const detector = new Detector({ kube: new KubeClient(sandbox.kubeConfig()), store, config, logger });

say(`Clopus demo — an embedded sandbox cluster at ${sandbox.url}`);
say(`  ${TRUSTED}: cache (Redis) with a memory limit too low → OOMKilled`);
say(`  ${GUARDED}: api with a broken config file → CrashLoopBackOff; web rolled out to a missing image tag → ImagePullBackOff`);
say();
await detector.start();
await detector.idle();
const { items } = store.listIncidents({ limit: 50, offset: 0, order: 'created_asc' });
for (const incident of items) {
  const evidence = store.latestEvidence(incident.id);
  say(`#${incident.id} ${incident.reason} in ${incident.namespace}/${incident.workloadKind.toLowerCase()}/${incident.workloadName}: ${incident.pods.length} pod(s), ${incident.restarts} restarts`);
  say(`    ${incident.message}`);
  const lastLine = evidence?.logTail.trim().split('\n').at(-1);
  if (lastLine) say(`    last log line: ${lastLine}`);
}
say();
say(`${items.length} incidents recorded in ${config.databasePath}; ${detector.health().pods} pods watched.`);
say('Each is one incident per workload (3 crashing api replicas are one), with redacted evidence');
say('(the database password in the api log is stored as [REDACTED]).');
say();
say('Not in this demo yet: fix proposals, approval and the dashboard are being built (see the README).');
say(`Inspect from another terminal:  KUBECONFIG=${kubeconfig} npm run clopus -- scan`);
say(`                                CLOPUS_DB_PATH=${config.databasePath} npm run clopus -- show 1`);

if (values.once) {
  await detector.stop();
  store.close();
  await sandbox.stop();
  process.exit(items.length === 3 ? 0 : 1);
}
say('Watching; press Ctrl-C to stop.');
process.once('SIGINT', () => {
  void detector.stop().then(() => {
    store.close();
    return sandbox.stop();
  }).then(() => process.exit(0));
});
