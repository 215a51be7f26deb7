import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { barePod, crashLoop, deployment, oomKilled, recover } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';

const PLANTED_LOG = [
  'starting api v1.2.3',
  'connecting to postgres://api:s3cr3t-pa55@db.shop.svc:5432/orders',
  'env: DB_PASSWORD=hunter2-planted AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'FATAL: config /etc/api/config.yaml: line 3: mapping values are not allowed here',
].join('\n');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function liveIncidents(harness: Harness) {
  return harness.store.listIncidents({ limit: 100, offset: 0 }).items;
}

describe('detector against the sandbox API server', () => {
  it('groups 3 crash-looping replicas into one incident with previous logs and secrets redacted', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, {
      namespace: 'shop',
      name: 'api',
      replicas: 3,
      image: 'example/api:1.2.3',
    });
    await h.detector.start();
    expect(liveIncidents(h)).toHaveLength(0);

    for (const p of pods)
      crashLoop(h.sandbox.cluster, 'shop', p.metadata.name, {
        restarts: 6,
        logs: { previous: PLANTED_LOG, current: 'starting api v1.2.3' },
      });
    await waitFor(() => liveIncidents(h!)[0]?.pods.length === 3);
    await h.detector.idle();

    const incidents = liveIncidents(h);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({
      namespace: 'shop',
      workloadKind: 'Deployment',
      workloadName: 'api',
      reason: 'CrashLoopBackOff',
      container: 'api',
      state: 'open',
      restarts: 18,
    });
    expect(incident!.pods.map((p) => p.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    const evidence = h.store.latestEvidence(incident!.id);
    expect(evidence?.logsPrevious).toBe(true);
    expect(evidence?.logTail).toContain('FATAL: config /etc/api/config.yaml');
    expect(evidence?.lastTermination?.exitCode).toBe(1);
    expect(evidence?.events.map((e) => e.reason)).toContain('BackOff');
    const onDisk = readFileSync(h.dbPath).toString('latin1') + readFileSync(`${h.dbPath}-wal`).toString('latin1');
    for (const secret of ['hunter2-planted', 's3cr3t-pa55', 'AKIAIOSFODNN7EXAMPLE'])
      expect(onDisk).not.toContain(secret);
    expect(onDisk).toContain('FATAL: config');
  });

  it('resolves the incident after the grace period once the Deployment recovers, and reopens it on recurrence', async () => {
    h = await startHarness({ CLOPUS_RESOLVE_GRACE_SECONDS: '60' });
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 2 });
    await h.detector.start();
    // Fewer restarts than the rapid-restart threshold, so a running container afterwards is a real recovery.
    for (const p of pods) oomKilled(h.sandbox.cluster, 'shop', p.metadata.name, { restarts: 2 });
    await waitFor(() => liveIncidents(h!)[0]?.pods.length === 2);
    const id = liveIncidents(h)[0]!.id;
    expect(liveIncidents(h)[0]!.reason).toBe('OOMKilled');

    for (const p of pods) recover(h.sandbox.cluster, 'shop', p.metadata.name);
    await waitFor(() => !h!.detector.findings().some((f) => f.reason === 'OOMKilled'));
    await h.detector.idle();
    h.advance(30_000);
    await h.detector.tick();
    const withinGrace = h.store.getIncident(id)!.state;
    h.advance(31_000);
    await h.detector.tick();

    expect(withinGrace).toBe('open');
    expect(h.store.getIncident(id)!.state).toBe('resolved');
    expect(h.store.auditTrail(id).map((a) => a.toState)).toEqual(['open', 'resolved']);

    oomKilled(h.sandbox.cluster, 'shop', pods[0]!.metadata.name, { restarts: 3 });
    await waitFor(() => h!.store.getIncident(id)!.state === 'open');

    expect(h.store.getIncident(id)).toMatchObject({ state: 'open', reopenCount: 1 });
    expect(h.store.listIncidents({ limit: 10, offset: 0 }).total).toBe(1);
  });

  it('misses no transition when the watch expires with a 410 while disconnected', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    deployment(h.sandbox.cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    await h.detector.start();
    h.sandbox.faults.inject({ path: /watch=(true|1)/, status: 500, times: 2 });

    await h.sandbox.restart();
    crashLoop(h.sandbox.cluster, 'shop', pods[0]!.metadata.name);
    h.sandbox.cluster.compact();
    await waitFor(() => liveIncidents(h!).length === 1, { timeoutMs: 15_000 });

    expect(liveIncidents(h)[0]).toMatchObject({ workloadName: 'api', reason: 'CrashLoopBackOff' });
    expect(h.detector.health().relists).toBeGreaterThanOrEqual(2);
  });

  it('resumes watching after the API server restarts', async () => {
    h = await startHarness();
    barePod(h.sandbox.cluster, { namespace: 'jobs', name: 'runner' });
    await h.detector.start();

    await h.sandbox.restart();
    crashLoop(h.sandbox.cluster, 'jobs', 'runner', { restarts: 3 });
    await waitFor(() => liveIncidents(h!).length === 1, { timeoutMs: 15_000 });

    expect(liveIncidents(h)[0]).toMatchObject({
      workloadKind: 'Pod',
      workloadName: 'runner',
      reason: 'CrashLoopBackOff',
    });
    expect(h.detector.health().synced).toBe(true);
  });

  it('falls back to per-namespace watches when the cluster-wide pod list is forbidden', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    deployment(h.sandbox.cluster, { namespace: 'pay', name: 'ledger', replicas: 1 });
    h.sandbox.faults.inject({ path: /^\/api\/v1\/pods(\?|$)/, status: 403, times: Infinity });

    await h.detector.start();
    crashLoop(h.sandbox.cluster, 'shop', pods[0]!.metadata.name);
    await waitFor(() => liveIncidents(h!).length === 1);

    expect(h.detector.health().scopes).toEqual(expect.arrayContaining(['pay', 'shop']));
    expect(h.detector.health().scopes).not.toContain('*');
    expect(liveIncidents(h)[0]).toMatchObject({ namespace: 'shop', workloadName: 'api' });
  });

  it('explains what to do when neither pods nor namespaces can be listed cluster-wide', async () => {
    h = await startHarness();
    h.sandbox.faults.forbidClusterWide = true;

    const started = h.detector.start();

    await expect(started).rejects.toMatchObject({
      code: 'KUBE_FORBIDDEN',
      message: expect.stringContaining('set CLOPUS_NAMESPACES'),
    });
  });

  it('watches only the configured namespaces, without any cluster-wide request', async () => {
    h = await startHarness({ CLOPUS_NAMESPACES: 'shop' });
    h.sandbox.faults.forbidClusterWide = true;
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    const other = deployment(h.sandbox.cluster, { namespace: 'pay', name: 'ledger', replicas: 1 });

    await h.detector.start();
    crashLoop(h.sandbox.cluster, 'pay', other.pods[0]!.metadata.name);
    crashLoop(h.sandbox.cluster, 'shop', pods[0]!.metadata.name);
    await waitFor(() => liveIncidents(h!).length === 1);
    await h.detector.idle();

    expect(liveIncidents(h).map((i) => i.namespace)).toEqual(['shop']);
  });
});

describe('a crash loop that briefly runs between back-offs', () => {
  it('stays one incident instead of opening a RapidRestarts incident each cycle', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    const pod = pods[0]!.metadata.name;
    await h.detector.start();

    crashLoop(h.sandbox.cluster, 'shop', pod, { restarts: 6 });
    await waitFor(() => liveIncidents(h!).length === 1);
    recover(h.sandbox.cluster, 'shop', pod);
    await waitFor(() => h!.detector.findings().some((f) => f.reason === 'RapidRestarts'));
    crashLoop(h.sandbox.cluster, 'shop', pod, { restarts: 7 });
    await waitFor(() => h!.detector.findings().some((f) => f.reason === 'CrashLoopBackOff'));
    await h.detector.idle();

    expect(liveIncidents(h)).toHaveLength(1);
    expect(liveIncidents(h)[0]).toMatchObject({ reason: 'CrashLoopBackOff', restarts: 7 });
  });
});
