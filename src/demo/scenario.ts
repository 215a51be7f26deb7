// The demo's sandbox cluster: four workloads that break the way real ones do, and heal only when their cause is
// fixed (see sandbox/behaviour.ts): api reads its config file from a volume shared with a sidecar on start, cache
// and indexer need more memory than their limits, and web's image tag does not exist in the registry.
import { parseDocument } from 'yaml';
import type { Behaviour } from '../sandbox/index.js';
import {
  type ClusterState,
  crashLoop,
  deployment,
  imagePullBackOff,
  oomKilled,
  parseQuantity,
  rollout,
} from '../sandbox/index.js';

export const TRUSTED = 'demo-trusted';
export const GUARDED = 'demo-apps';

const CONFIG_PATH = '/etc/api/config.yaml';
/** api's config lives on a volume it shares with this sidecar, which keeps running while api crashes. */
const SIDECAR = 'config-sync';
const BROKEN_CONFIG = 'listen: 8080\nupstream:\n  url: http://orders.demo-apps.svc:8080\n  timeout 5s\n';
/** What Redis needs to load its dataset; the demo's limit (64Mi) is below it, the runbook's doubling above. */
const CACHE_NEEDS = 100 * 2 ** 20;
/**
 * What the search indexer loads into memory on start. The demo's limit (64Mi) is below it, and so is the OOM
 * runbook's doubling (128Mi): that is why the demo's reviewer asks for 256Mi instead of approving.
 */
export const INDEXER_NEEDS = 200 * 2 ** 20;
/** Tags the demo's registry has; anything else fails to pull. */
const REGISTRY = new Set([
  'example/api:2.4.0',
  'example/web:1.8.2',
  'example/web:1.8.1',
  'example/indexer:5.2.0',
  'redis:7.4',
]);

/** The api process: it reads its config on start and exits with the parser's complaint when the file is bad. */
function apiLog(config: string | undefined): string | undefined {
  const head = [
    'api 2.4.0 starting',
    `loading ${CONFIG_PATH}`,
    'DATABASE_URL=postgres://api:correct-horse-battery@db.demo-apps.svc:5432/api',
  ];
  if (config === undefined) return [...head, `FATAL: open ${CONFIG_PATH}: no such file or directory`].join('\n');
  const doc = parseDocument(config);
  const error = doc.errors[0];
  if (error)
    return [
      ...head,
      `FATAL: ${CONFIG_PATH} line ${error.linePos?.[0].line ?? '?'}: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:$/, '')}`,
    ].join('\n');
  const parsed = doc.toJS() as { listen?: unknown; upstream?: { url?: unknown } } | null;
  if (typeof parsed?.upstream?.url !== 'string')
    return [...head, `FATAL: ${CONFIG_PATH}: upstream.url is required`].join('\n');
  return undefined;
}

const CACHE_LOG =
  '1:M * Server initialized\n1:M * Loading RDB produced by version 7.4.1\n1:M * Done loading RDB, keys loaded: 1843210\n';

/** The indexer maps its index segments into memory before it serves; the kill comes partway through. */
const INDEXER_LOG = [
  'indexer 5.2.0 starting (search index for catalogue, 3 shards)',
  'opening index at /var/lib/indexer/catalogue: 14 segments, 198.6 MiB',
  'loading segment 1/14 (term dictionary, 41.2 MiB)',
  'loading segment 2/14 (postings, 37.9 MiB)',
  'loading segment 3/14 (stored fields, 29.4 MiB)',
  '',
].join('\n');

export const behaviours: Behaviour[] = [
  {
    namespace: GUARDED,
    labels: { app: 'api' },
    container: 'api',
    start: ({ container, file }) => {
      if (!REGISTRY.has(String(container.image))) return { ok: false, cause: 'pull' };
      const log = apiLog(file(CONFIG_PATH, SIDECAR));
      return log ? { ok: false, cause: 'crash', log } : { ok: true };
    },
  },
  {
    namespace: TRUSTED,
    labels: { app: 'cache' },
    container: 'cache',
    start: ({ container }) => {
      if (!REGISTRY.has(String(container.image))) return { ok: false, cause: 'pull' };
      const limit = parseQuantity(container.resources?.limits?.memory);
      return limit !== undefined && limit < CACHE_NEEDS ? { ok: false, cause: 'oom', log: CACHE_LOG } : { ok: true };
    },
  },
  {
    namespace: GUARDED,
    labels: { app: 'indexer' },
    container: 'indexer',
    start: ({ container }) => {
      if (!REGISTRY.has(String(container.image))) return { ok: false, cause: 'pull' };
      const limit = parseQuantity(container.resources?.limits?.memory);
      return limit !== undefined && limit < INDEXER_NEEDS
        ? { ok: false, cause: 'oom', log: INDEXER_LOG }
        : { ok: true };
    },
  },
  {
    namespace: GUARDED,
    labels: { app: 'web' },
    container: 'web',
    start: ({ container }) => (REGISTRY.has(String(container.image)) ? { ok: true } : { ok: false, cause: 'pull' }),
  },
];

/** Builds the workloads already broken, with a few restarts behind them as a team would find them. */
export function buildScenario(cluster: ClusterState): void {
  const cache = deployment(cluster, {
    namespace: TRUSTED,
    name: 'cache',
    replicas: 2,
    containers: [
      { name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } },
    ],
  });
  for (const p of cache.pods)
    oomKilled(cluster, TRUSTED, p.metadata.name, { restarts: 3, logs: { previous: CACHE_LOG } });

  const api = deployment(cluster, {
    namespace: GUARDED,
    name: 'api',
    replicas: 3,
    containers: [
      { name: 'api', image: 'example/api:2.4.0' },
      { name: SIDECAR, image: 'busybox:1.36', files: { [CONFIG_PATH]: BROKEN_CONFIG } },
    ],
  });
  for (const p of api.pods)
    crashLoop(cluster, GUARDED, p.metadata.name, {
      container: 'api',
      restarts: 4,
      logs: { previous: apiLog(BROKEN_CONFIG) ?? '' },
    });

  // In the guarded namespace, so its fix waits for a person, who asks for more than the runbook proposes.
  const indexer = deployment(cluster, {
    namespace: GUARDED,
    name: 'indexer',
    replicas: 1,
    containers: [
      {
        name: 'indexer',
        image: 'example/indexer:5.2.0',
        resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } },
      },
    ],
  });
  for (const p of indexer.pods)
    oomKilled(cluster, GUARDED, p.metadata.name, { restarts: 2, logs: { previous: INDEXER_LOG } });

  const web = deployment(cluster, { namespace: GUARDED, name: 'web', replicas: 1, image: 'example/web:1.8.2' });
  cluster.update('Deployment', GUARDED, 'web', (d) => {
    (d.spec!.template.spec.containers as Array<{ image: string }>)[0]!.image = 'example/web:1.9.0-typo';
  });
  const next = rollout(cluster, GUARDED, 'web');
  for (const p of next?.pods ?? web.pods) imagePullBackOff(cluster, GUARDED, p.metadata.name);
}
