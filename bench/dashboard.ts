// Dashboard latency with 100,000 incidents: p95 of the incidents list with filters and of the incident page, over
// sequential requests to the running server from this process. Run: npm run bench:dashboard [-- --db FILE]
// (--db keeps the seeded database, and reuses it when it exists).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard } from '../src/dashboard/index.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import { seedIncidents } from './dashboard-seed.js';
import { percentile, report } from './lib.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    incidents: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
  },
});
const INCIDENTS = Number(values.incidents);
const REQUESTS = Number(values.requests);
const TOKEN = 'bench-token-0123456789abcdef';

const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'clopus-bench-dashboard-'));
const path = values.db ?? join(dir!, 'clopus.db');
let seedSeconds = 0;
if (!existsSync(path)) {
  const t = performance.now();
  seedIncidents(path, INCIDENTS);
  seedSeconds = (performance.now() - t) / 1000;
}
const store = openStore(path);
const total = store.listIncidents({ limit: 1, offset: 0 }).total;
const dashboard = await startDashboard({ store, logger: silentLogger(), port: 0, token: TOKEN, cluster: 'bench' });

async function timed(paths: readonly string[]): Promise<number[]> {
  const ms: number[] = [];
  for (const p of paths) {
    const t = performance.now();
    const res = await fetch(`${dashboard.url}${p}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const body = await res.text();
    ms.push(performance.now() - t);
    if (res.status !== 200 || body.length < 500) throw new Error(`${p} answered ${res.status} (${body.length} bytes)`);
  }
  return ms;
}

const cycle = (list: readonly string[], n: number) => Array.from({ length: n }, (_, i) => list[i % list.length]!);
const namespaces = store.listNamespaces(100);
const ns = (i: number) => encodeURIComponent(namespaces[i % namespaces.length]!);
// The filters a reviewer uses: one or more of state, namespace and reason, search within a namespace, later pages.
const LIST = [
  '/incidents?state=proposed',
  `/incidents?namespace=${ns(0)}`,
  '/incidents?reason=OOMKilled',
  `/incidents?state=resolved&namespace=${ns(1)}`,
  `/incidents?namespace=${ns(2)}&reason=CrashLoopBackOff`,
  `/incidents?state=verified&namespace=${ns(3)}&reason=OOMKilled`,
  `/incidents?namespace=${ns(4)}&q=svc-1`,
  '/incidents?state=resolved&page=20',
  '/incidents?reason=ImagePullBackOff&page=5',
  `/incidents?state=regressed&reason=Error`,
];
// Every 20th incident has the full record (evidence, diagnosis, proposal with diff, decision, applied action).
const DETAIL = Array.from(
  { length: REQUESTS },
  (_, i) => `/incidents/${1 + ((i * 977) % Math.floor(total / 20)) * 20}`,
);

await timed(cycle([...LIST, ...DETAIL.slice(0, 10), '/', '/metrics'], 40));
const list = await timed(cycle(LIST, REQUESTS));
const detail = await timed(DETAIL);
const search = await timed(
  cycle(['/incidents?q=svc-4242', '/incidents?q=connection%20refused', '/incidents?q=shop-3'], 30),
);
const overview = await timed(cycle(['/'], 30));
const metrics = await timed(cycle(['/metrics'], 30));
await dashboard.close();
store.close();
const dbMb = statSync(path).size / 2 ** 20;
if (dir) rmSync(dir, { recursive: true, force: true });

const listP95 = percentile(list, 95);
const detailP95 = percentile(detail, 95);
report({
  name: 'Dashboard latency at 100,000 incidents',
  command: 'npm run bench:dashboard',
  figures: {
    incidents: total,
    'database MB': dbMb,
    ...(seedSeconds > 0 ? { 'seed s (store API, batched)': seedSeconds } : {}),
    [`list with filters p50 ms (${list.length} requests)`]: percentile(list, 50),
    'list with filters p95 ms': listP95,
    'list with filters max ms': Math.max(...list),
    [`incident page p50 ms (${detail.length} requests)`]: percentile(detail, 50),
    'incident page p95 ms': detailP95,
    'incident page max ms': Math.max(...detail),
    'search without other filters p95 ms (scans every incident)': percentile(search, 95),
    'overview p95 ms': percentile(overview, 95),
    'metrics p95 ms': percentile(metrics, 95),
  },
  target: 'list (with filters) and incident page p95 ≤ 50 ms',
  met: listP95 <= 50 && detailP95 <= 50,
});
