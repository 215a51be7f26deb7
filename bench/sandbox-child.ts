// The sandbox API server in its own process, so benchmark figures for Clopus do not include the server's work.
// Seeds `--namespaces N --deployments D --replicas R`, prints one JSON line {url, kubeconfig, pods}, then takes
// commands as JSON lines on stdin: {"op":"crash","namespace":…,"pod":…} → prints {"op":"crash","t":<epoch ms>}.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ClusterState, crashLoop, deployment, startSandbox } from '../src/sandbox/index.js';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '500' },
    deployments: { type: 'string', default: '5' },
    replicas: { type: 'string', default: '4' },
    failing: { type: 'string', default: '0.02' },
  },
});

const cluster = new ClusterState({ historyLimit: 50_000 });
let pods = 0;
const namespaces = Number(values.namespaces);
for (let n = 0; n < namespaces; n++) {
  const namespace = `team-${String(n).padStart(3, '0')}`;
  for (let d = 0; d < Number(values.deployments); d++) {
    const made = deployment(cluster, {
      namespace,
      name: `svc-${d}`,
      replicas: Number(values.replicas),
      image: `example/svc-${d}:1.0`,
    });
    pods += made.pods.length;
    // A realistic cluster is never all healthy: a small share crash-loops from the start.
    if ((n * 7 + d) % Math.round(1 / Number(values.failing)) === 0)
      crashLoop(cluster, namespace, made.pods[0]!.metadata.name, { restarts: 4, event: false });
  }
}
const sandbox = await startSandbox({ cluster });
const kubeconfig = join(mkdtempSync(join(tmpdir(), 'clopus-bench-')), 'kubeconfig');
sandbox.writeKubeconfig(kubeconfig);
process.stdout.write(JSON.stringify({ url: sandbox.url, kubeconfig, pods }) + '\n');

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const cmd = JSON.parse(line) as { op: string; namespace?: string; name?: string; replicas?: number; pod?: string };
  if (cmd.op === 'deploy') {
    const made = deployment(cluster, { namespace: cmd.namespace!, name: cmd.name!, replicas: cmd.replicas ?? 1 });
    process.stdout.write(JSON.stringify({ op: 'deploy', pods: made.pods.map((p) => p.metadata.name) }) + '\n');
  } else if (cmd.op === 'crash') {
    const t = Date.now();
    crashLoop(cluster, cmd.namespace!, cmd.pod!, { restarts: 3, event: false });
    process.stdout.write(JSON.stringify({ op: 'crash', t }) + '\n');
  }
});
lines.on('close', () => void sandbox.stop().then(() => process.exit(0)));
