// The demo's sandbox cluster: three workloads that break the way real ones do.
import { ClusterState, deployment, crashLoop, oomKilled, imagePullBackOff, rollout } from '../sandbox/index.js';

export const TRUSTED = 'demo-trusted';
export const GUARDED = 'demo-apps';

const BROKEN_CONFIG = 'listen: 8080\nupstream:\n  url: http://orders.demo-apps.svc:8080\n  timeout 5s\n';

export function buildScenario(cluster: ClusterState): void {
  // A cache whose memory limit is too low: OOMKilled in a loop (a runbook can fix this: raise the limit).
  const cache = deployment(cluster, {
    namespace: TRUSTED,
    name: 'cache',
    replicas: 2,
    containers: [{ name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } }],
  });
  for (const p of cache.pods) {
    oomKilled(cluster, TRUSTED, p.metadata.name, { restarts: 3, logs: { previous: '1:M * Server initialized\n1:M * Loading RDB produced by version 7.4.1\n1:M * Done loading RDB, keys loaded: 1843210\n' } });
  }
  // An API whose config file is broken: it crashes on start (only a model reading the file can propose the fix).
  const api = deployment(cluster, {
    namespace: GUARDED,
    name: 'api',
    replicas: 3,
    image: 'example/api:2.4.0',
    files: { '/etc/api/config.yaml': BROKEN_CONFIG },
  });
  for (const p of api.pods) {
    crashLoop(cluster, GUARDED, p.metadata.name, {
      restarts: 4,
      logs: {
        previous: [
          'api 2.4.0 starting',
          'loading /etc/api/config.yaml',
          'DATABASE_URL=postgres://api:correct-horse-battery@db.demo-apps.svc:5432/api',
          'FATAL: /etc/api/config.yaml line 4: could not find expected ":"',
        ].join('\n'),
      },
    });
  }
  // A web frontend rolled out to an image tag that does not exist (a runbook can roll it back).
  const web = deployment(cluster, { namespace: GUARDED, name: 'web', replicas: 1, image: 'example/web:1.8.2' });
  cluster.update('Deployment', GUARDED, 'web', (d) => {
    (d.spec!.template.spec.containers as Array<{ image: string }>)[0]!.image = 'example/web:1.9.0-typo';
  });
  const next = rollout(cluster, GUARDED, 'web');
  for (const p of next?.pods ?? web.pods) imagePullBackOff(cluster, GUARDED, p.metadata.name, { image: 'example/web:1.9.0-typo' });
}
