// The detector against an API server that restarts, expires watches, fails, throttles, stalls and cuts streams:
// detection resumes, nothing is filed twice, nothing is lost, and neither the detector nor `clopus serve` dies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  crashLoop,
  cronJobWithJob,
  deployment,
  type FaultRule,
  imagePullBackOff,
  oomKilled,
  recover,
  type Sandbox,
  startSandbox,
  statefulSet,
} from '../../src/sandbox/index.js';
import { openStore } from '../../src/store/index.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitAfterStartup, waitFor } from '../helpers/wait.js';

const POD_REQUESTS = /^\/api\/v1\/pods/;
const POD_LISTS = /^\/api\/v1\/pods\?(?!.*watch=)/;
const POD_WATCHES = /^\/api\/v1\/pods\?.*watch=true/;
const EVERYTHING = /./;
const WAIT = { timeoutMs: 30_000, intervalMs: 50 };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  expect(unhandled).toEqual([]);
});

function incidents(harness: Harness) {
  return harness.store.listIncidents({ limit: 500, offset: 0 }).items;
}

function incidentOf(harness: Harness, workload: string) {
  return incidents(harness).find((i) => i.workloadName === workload);
}

/** Rows per fingerprint that appear more than once: what a user would see as a duplicate Slack message. */
function duplicates(harness: Harness): string[] {
  const seen = new Map<string, number>();
  for (const i of incidents(harness)) seen.set(i.fingerprint, (seen.get(i.fingerprint) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([fp]) => fp);
}

/** Faults on for a while, then gone, as when an overloaded API server recovers. */
async function during(
  sandbox: Sandbox,
  rules: FaultRule[],
  ms: number,
  meanwhile: () => void = () => {},
): Promise<void> {
  for (const rule of rules) sandbox.faults.inject({ times: Infinity, ...rule });
  meanwhile();
  await sleep(ms);
  sandbox.faults.clear();
}

const podName = (obj: { metadata: { name?: string } }): string => obj.metadata.name!;

/** A watched shop: api (2 replicas, the first crash-looping and already an incident) and a healthy web. */
async function watchedShop(): Promise<{ harness: Harness; cluster: Sandbox['cluster']; api: string[]; web: string[] }> {
  const harness = (h = await startHarness());
  const { cluster } = harness.sandbox;
  const api = deployment(cluster, { namespace: 'shop', name: 'api', replicas: 2 }).pods.map(podName);
  const web = deployment(cluster, { namespace: 'shop', name: 'web', replicas: 1 }).pods.map(podName);
  crashLoop(cluster, 'shop', api[0]!, { restarts: 4 });
  await harness.detector.start();
  await waitFor(() => incidentOf(harness, 'api'), WAIT);
  return { harness, cluster, api, web };
}

describe('API server restart', () => {
  it('detects a pod that broke while the API server was down, once, and keeps the known incident single', async () => {
    const { harness, cluster, api, web } = await watchedShop();

    await harness.sandbox.restart({
      whileDown: async () => {
        imagePullBackOff(cluster, 'shop', web[0]!);
        crashLoop(cluster, 'shop', api[1]!, { restarts: 3 });
        // Long enough for the watch to be refused a few times.
        await sleep(1500);
      },
    });
    await waitFor(() => incidentOf(harness, 'web') && incidentOf(harness, 'api')?.pods.length === 2, WAIT);
    await harness.detector.rescan();
    await harness.detector.idle();

    expect(
      incidents(harness)
        .map((i) => [i.workloadName, i.reason])
        .sort(),
    ).toEqual([
      ['api', 'CrashLoopBackOff'],
      ['web', 'ImagePullBackOff'],
    ]);
    expect(
      incidentOf(harness, 'api')!
        .pods.map((p) => p.name)
        .sort(),
    ).toEqual([...api].sort());
    expect(harness.detector.health()).toMatchObject({ synced: true, pods: 3 });
    expect(harness.detector.health().watchErrors).toBeGreaterThan(0);
  });
});

describe('410 Gone on the watch', () => {
  it('relists after the history it was resuming from is compacted: new breakage found, deleted pod dropped, nothing twice', async () => {
    const { harness, cluster, api, web } = await watchedShop();
    crashLoop(cluster, 'shop', api[1]!, { restarts: 4 });
    await waitFor(() => incidentOf(harness, 'api')?.pods.length === 2, WAIT);
    const relists = harness.detector.health().relists;

    // While the watch is away: one broken replica goes, another workload breaks, and etcd compacts the history.
    expect(harness.sandbox.faults.cutWatchesMidObject()).toBe(1);
    cluster.delete('Pod', 'shop', api[1]!);
    crashLoop(cluster, 'shop', web[0]!, { restarts: 3 });
    cluster.compact();
    await waitFor(() => incidentOf(harness, 'web') && incidentOf(harness, 'api')?.pods.length === 1, WAIT);
    await harness.detector.idle();

    expect(harness.detector.health().relists).toBeGreaterThan(relists);
    expect(incidents(harness)).toHaveLength(2);
    expect(incidentOf(harness, 'api')!.pods.map((p) => p.name)).toEqual([api[0]]);
    expect(incidentOf(harness, 'web')).toMatchObject({ reason: 'CrashLoopBackOff', state: 'open' });
  });
});

describe('500s and 429s', () => {
  it('keeps running through failing and throttled pod lists and watches, then detects what broke, once', async () => {
    const { harness, cluster, api, web } = await watchedShop();
    const errors = harness.detector.health().watchErrors;

    // The watch drops and its history is gone: the new watch fails, then learns it must relist, and the relist fails.
    await during(
      harness.sandbox,
      [
        { path: POD_WATCHES, status: 500, times: 2 },
        { path: POD_LISTS, status: 500 },
      ],
      2000,
      () => {
        harness.sandbox.faults.cutWatchesMidObject();
        crashLoop(cluster, 'shop', api[1]!, { restarts: 3 });
        cluster.compact();
      },
    );
    await waitFor(() => incidentOf(harness, 'api')?.pods.length === 2, WAIT);
    const throttled = { status: 429, retryAfterSeconds: 1 };
    await during(
      harness.sandbox,
      [
        { path: POD_WATCHES, ...throttled, times: 2 },
        { path: POD_LISTS, ...throttled },
      ],
      2000,
      () => {
        harness.sandbox.faults.cutWatchesMidObject();
        imagePullBackOff(cluster, 'shop', web[0]!);
        cluster.compact();
      },
    );
    await waitFor(() => incidentOf(harness, 'web'), WAIT);
    const health = harness.detector.health();
    await harness.detector.rescan();
    await harness.detector.idle();

    expect(health.watchErrors).toBeGreaterThan(errors);
    expect(health.relists).toBeGreaterThanOrEqual(3);
    expect(harness.detector.health().synced).toBe(true);
    expect(duplicates(harness)).toEqual([]);
    expect(
      incidents(harness)
        .map((i) => [i.workloadName, i.reason])
        .sort(),
    ).toEqual([
      ['api', 'CrashLoopBackOff'],
      ['web', 'ImagePullBackOff'],
    ]);
  });

  it('waits out a throttled relist’s Retry-After instead of asking again at once', async () => {
    const { harness, cluster, web } = await watchedShop();

    // The watch's history is gone, so it must relist; every pod list answers 429 "retry after 2 s" for 3 s.
    const throttle = harness.sandbox.faults.inject({ path: POD_LISTS, status: 429, retryAfterSeconds: 2, times: 1000 });
    harness.sandbox.faults.cutWatchesMidObject();
    imagePullBackOff(cluster, 'shop', web[0]!);
    cluster.compact();
    await sleep(3000);
    const asked = throttle.hits;
    harness.sandbox.faults.clear();

    // Backoff alone would have asked about ten times in 3 s (from 125 ms, doubling); Retry-After allows two.
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(2);
    expect(await waitFor(() => incidentOf(harness, 'web'), WAIT)).toBeDefined();
    expect(duplicates(harness)).toEqual([]);
  });

  it('files a CronJob pod that breaks while owner lookups fail under the CronJob, not under its Job', async () => {
    h = await startHarness();
    const { cluster } = h.sandbox;
    const report = cronJobWithJob(cluster, { namespace: 'batch', name: 'report' });
    await h.detector.start();
    await waitFor(() => h!.sandbox.faults.openWatches === 1, WAIT);

    // The open watch still delivers the change; every new request (the Job → CronJob lookup) fails meanwhile.
    await during(
      h.sandbox,
      [
        { path: EVERYTHING, status: 500 },
        { path: EVERYTHING, status: 429 },
      ],
      1500,
      () => {
        imagePullBackOff(cluster, 'batch', podName(report.pods[0]!));
      },
    );
    // What the detector's periodic tick does: re-read every cached pod.
    await h.detector.tick();
    await h.detector.idle();

    expect(incidents(h).map((i) => `${i.workloadKind}/${i.workloadName}`)).toEqual(['CronJob/report']);
  });
});

describe('slow API server', () => {
  it('starts and keeps detecting when lists and watches take seconds to answer', async () => {
    h = await startHarness();
    const { cluster } = h.sandbox;
    const api = deployment(cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    const web = deployment(cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    const slowList = { path: POD_LISTS, delayMs: 2500 };
    const slowWatch = { path: POD_WATCHES, delayMs: 2500 };
    h.sandbox.faults.inject(slowList);

    await h.detector.start();
    crashLoop(cluster, 'shop', podName(api.pods[0]!), { restarts: 3 });
    await waitFor(() => incidentOf(h!, 'api'), WAIT);
    // The watch drops and its history is gone: the new watch answers slowly with a 410, and so does the relist.
    h.sandbox.faults.inject(slowWatch);
    h.sandbox.faults.inject(slowList);
    h.sandbox.faults.cutWatchesMidObject();
    oomKilled(cluster, 'shop', podName(web.pods[0]!), { restarts: 2 });
    cluster.compact();
    await waitFor(() => incidentOf(h!, 'web'), WAIT);
    await h.detector.idle();

    expect(
      incidents(h)
        .map((i) => [i.workloadName, i.reason])
        .sort(),
    ).toEqual([
      ['api', 'CrashLoopBackOff'],
      ['web', 'OOMKilled'],
    ]);
    expect(h.detector.health().synced).toBe(true);
  });
});

describe('watch stream cut mid-object', () => {
  it('resumes after each cut without losing the changes made while it was cut, and files nothing twice', async () => {
    h = await startHarness();
    const { cluster } = h.sandbox;
    const api = deployment(cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    const web = deployment(cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    const db = statefulSet(cluster, { namespace: 'shop', name: 'db', replicas: 1 });
    crashLoop(cluster, 'shop', podName(api.pods[0]!), { restarts: 3 });
    await h.detector.start();
    await waitFor(() => incidentOf(h!, 'api'), WAIT);

    for (const change of [
      () => crashLoop(cluster, 'shop', podName(api.pods[0]!), { restarts: 7 }),
      () => imagePullBackOff(cluster, 'shop', podName(web.pods[0]!)),
      () => crashLoop(cluster, 'shop', podName(db.pods[0]!), { restarts: 2 }),
    ]) {
      await waitFor(() => h!.sandbox.faults.openWatches === 1, WAIT);
      h.sandbox.faults.cutWatchesMidObject();
      change();
    }
    await waitFor(() => incidentOf(h!, 'api')?.restarts === 7 && incidentOf(h!, 'web') && incidentOf(h!, 'db'), WAIT);
    await h.detector.idle();

    expect(
      incidents(h)
        .map((i) => [i.workloadName, i.reason])
        .sort(),
    ).toEqual([
      ['api', 'CrashLoopBackOff'],
      ['db', 'CrashLoopBackOff'],
      ['web', 'ImagePullBackOff'],
    ]);
    expect(h.detector.health().watchErrors).toBeGreaterThanOrEqual(3);
  });
});

describe('chaos', () => {
  type Breakage = 'crash' | 'image' | 'oom';
  const REASON: Record<Breakage, string> = { crash: 'CrashLoopBackOff', image: 'ImagePullBackOff', oom: 'OOMKilled' };

  /** A small seeded generator, so a failing run can be replayed with CHAOS_SEED. */
  function random(seed: number): (n: number) => number {
    let s = seed >>> 0;
    return (n) => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
  }

  it('ends with exactly one open incident per broken workload after ~18 s of random faults while pods break and recover', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const pick = random(seed);
    h = await startHarness();
    const { cluster, faults } = h.sandbox;
    const kinds: Breakage[] = ['crash', 'image', 'oom'];
    const workloads: Array<{ name: string; breakage: Breakage; pods: string[] }> = [
      ...['cart', 'api', 'web', 'auth', 'search'].map((name, i) => ({
        name,
        breakage: kinds[i % 3]!,
        pods: deployment(cluster, { namespace: 'shop', name, replicas: 2 }).pods.map(podName),
      })),
      {
        name: 'db',
        breakage: 'crash',
        pods: statefulSet(cluster, { namespace: 'data', name: 'db', replicas: 2 }).pods.map(podName),
      },
      {
        name: 'report',
        breakage: 'image',
        pods: cronJobWithJob(cluster, { namespace: 'batch', name: 'report' }).pods.map(podName),
      },
    ];
    deployment(cluster, { namespace: 'shop', name: 'quiet', replicas: 2 });
    const namespaceOf = (name: string): string => (name === 'db' ? 'data' : name === 'report' ? 'batch' : 'shop');
    const broken = new Map<string, Set<string>>(workloads.map((w) => [w.name, new Set<string>()]));
    const breakages = new Map<string, Breakage>(workloads.map((w) => [w.name, w.breakage]));
    const podChange = (): void => {
      const w = workloads[pick(workloads.length)]!;
      const pod = w.pods[pick(w.pods.length)]!;
      const ns = namespaceOf(w.name);
      // Restart counts stay under the rapid-restart threshold, so a recovered pod is healthy, not RapidRestarts.
      if (broken.get(w.name)!.delete(pod)) return void recover(cluster, ns, pod);
      broken.get(w.name)!.add(pod);
      if (w.breakage === 'crash') crashLoop(cluster, ns, pod, { restarts: 3 });
      else if (w.breakage === 'image') imagePullBackOff(cluster, ns, pod);
      else oomKilled(cluster, ns, pod, { restarts: 2 });
    };
    const chaos: Array<() => Promise<void>> = [
      () =>
        h!.sandbox.restart({
          whileDown: async () => {
            podChange();
            await sleep(200 + pick(800));
          },
        }),
      async () => {
        faults.cutWatchesMidObject();
        podChange();
        cluster.compact();
      },
      () => during(h!.sandbox, [{ path: EVERYTHING, status: 500 }], 300 + pick(1200), podChange),
      () => during(h!.sandbox, [{ path: EVERYTHING, status: 429, retryAfterSeconds: 1 }], 300 + pick(1200), podChange),
      async () => {
        faults.inject({ path: POD_REQUESTS, delayMs: 1000 + pick(1500), times: 2 });
        faults.cutWatchesMidObject();
        podChange();
      },
      async () => {
        faults.cutWatchesMidObject();
        podChange();
      },
      async () => podChange(),
    ];
    await h.detector.start();
    // The harness leaves the detector's clock to the test; this stands in for its periodic tick.
    const ticker = setInterval(() => void h!.detector.tick(), 1000);

    const end = Date.now() + 18_000;
    while (Date.now() < end) {
      await chaos[pick(chaos.length)]!();
      await sleep(100 + pick(400));
    }
    faults.clear();
    const expected = [...broken]
      .filter(([, pods]) => pods.size > 0)
      .map(([name]) => `${name} ${REASON[breakages.get(name)!]}`)
      .sort();
    const expectedPods = [...broken]
      .flatMap(([name, pods]) => [...pods].map((pod) => `${name} ${pod} ${REASON[breakages.get(name)!]}`))
      .sort();
    const seen = () =>
      h!.detector
        .findings()
        .map((f) => `${f.workload.name} ${f.pod} ${f.reason}`)
        .sort();
    await waitFor(() => JSON.stringify(seen()) === JSON.stringify(expectedPods), WAIT);
    clearInterval(ticker);
    await h.detector.idle();
    // Past the grace period, the incidents of workloads that recovered resolve; the broken ones stay open.
    h.advance(61_000);
    await h.detector.tick();

    const open = incidents(h).filter((i) => i.state === 'open');
    expect(seen(), `seed ${seed}`).toEqual(expectedPods);
    expect(duplicates(h), `seed ${seed}`).toEqual([]);
    expect(open.map((i) => `${i.workloadName} ${i.reason}`).sort(), `seed ${seed}`).toEqual(expected);
    for (const i of open)
      expect(i.pods.map((p) => p.name).sort(), `seed ${seed}`).toEqual([...broken.get(i.workloadName)!].sort());
    expect(
      incidents(h).some((i) => i.workloadName === 'quiet'),
      `seed ${seed}`,
    ).toBe(false);
    expect(h.detector.health(), `seed ${seed}`).toMatchObject({ synced: true, pods: 15 });
    expect(h.detector.health().watchErrors, `seed ${seed}`).toBeGreaterThan(0);
  }, 60_000);
});

describe('clopus serve as a process', () => {
  let sandbox: Sandbox | undefined;
  let dir: string | undefined;
  let serving: ResultPromise | undefined;
  afterEach(async () => {
    serving?.kill('SIGKILL');
    await serving?.catch(() => undefined);
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('survives a restarting, failing and throttling API server, and records each incident once', async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'clopus-api-faults-'));
    const { cluster, faults } = sandbox;
    const api = deployment(cluster, { namespace: 'shop', name: 'api', replicas: 2 });
    const report = cronJobWithJob(cluster, { namespace: 'batch', name: 'report' });
    deployment(cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
    const db = join(dir, 'clopus.db');
    // No model credentials from this machine's environment: the runbooks diagnose.
    // A short grace period brings the detector's tick (a quarter of it) to 3 s.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      CLOPUS_DB_PATH: db,
      CLOPUS_DASHBOARD_PORT: '0',
      CLOPUS_LOG_LEVEL: 'warn',
      CLOPUS_RESOLVE_GRACE_SECONDS: '12',
    };
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'clopus.js');
    serving = execa(process.execPath, [bin, 'serve', '--kubeconfig', join(dir, 'kubeconfig')], {
      env,
      extendEnv: false,
      reject: false,
    });
    let stderr = '';
    serving.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // Its first output is its first sign of life: the start-up is not counted against WAIT.
    await waitAfterStartup(
      () => stderr !== '' || serving!.exitCode !== null,
      () => stderr.includes('clopus: watching') && faults.openWatches === 1,
      { ...WAIT, who: 'clopus serve', what: 'clopus serve to watch, with one watch open', detail: () => stderr },
    );

    await during(sandbox, [{ path: EVERYTHING, status: 500 }], 1500, () =>
      crashLoop(cluster, 'shop', podName(api.pods[0]!), { restarts: 3 }),
    );
    await sandbox.restart({
      whileDown: async () => {
        crashLoop(cluster, 'shop', podName(api.pods[1]!), { restarts: 4 });
        await sleep(1000);
      },
    });
    // Once it watches again, a throttled API server refuses the CronJob lookup for the pod that breaks next.
    await waitFor(() => faults.openWatches === 1, WAIT);
    await during(sandbox, [{ path: EVERYTHING, status: 429, retryAfterSeconds: 1 }], 1500, () =>
      imagePullBackOff(cluster, 'batch', podName(report.pods[0]!)),
    );
    const store = openStore(db);
    const recorded = () => store.listIncidents({ limit: 100, offset: 0 }).items;
    await waitFor(
      () =>
        recorded().find((i) => i.workloadName === 'api')?.pods.length === 2 &&
        recorded().some((i) => i.workloadKind === 'CronJob'),
      WAIT,
    );
    const alive = serving.exitCode === null;
    const incidentsSeen = recorded()
      .map((i) => `${i.workloadKind}/${i.workloadName} ${i.reason} ${i.pods.length}`)
      .sort();
    store.close();
    serving.kill('SIGTERM');
    const served = await serving;

    expect(alive).toBe(true);
    expect(incidentsSeen).toEqual(['CronJob/report ImagePullBackOff 1', 'Deployment/api CrashLoopBackOff 2']);
    expect(served.exitCode).toBe(0);
    expect(stderr).not.toMatch(/unhandled|uncaught|\n\s+at /i);
  }, 240_000);
});
