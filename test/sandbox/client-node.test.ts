import { PassThrough } from 'node:stream';
import { ApiException, AppsV1Api, CoreV1Api, Log, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barePod, crashLoop, deployment, recover, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { stillFalse } from '../helpers/wait.js';
import { type RecordedWatch, runExec, startWatch, until } from './clients.js';

async function expectApiError(promise: Promise<unknown>, code: number): Promise<{ message?: string; reason?: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  expect((err as ApiException<string>).code).toBe(code);
  const body = (err as ApiException<string>).body;
  return typeof body === 'string'
    ? (JSON.parse(body) as { message?: string; reason?: string })
    : (body as { message?: string });
}

describe('sandbox with @kubernetes/client-node', () => {
  let sb: Sandbox;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let web: string[];

  beforeEach(async () => {
    sb = await startSandbox();
    core = sb.kubeConfig().makeApiClient(CoreV1Api);
    apps = sb.kubeConfig().makeApiClient(AppsV1Api);
    web = deployment(sb.cluster, {
      namespace: 'shop',
      name: 'web',
      replicas: 3,
      image: 'nginx:1.27',
      files: { '/etc/app/app.conf': 'port=80\n' },
    }).pods.map((p) => p.metadata.name);
    deployment(sb.cluster, { namespace: 'shop', name: 'api', replicas: 1, image: 'ghcr.io/acme/api:2.1' });
    barePod(sb.cluster, { namespace: 'tools', name: 'debug', image: 'busybox:1.36' });
  });

  afterEach(async () => {
    for (const w of watches.splice(0)) w.abort();
    await sb.stop();
  });

  const watches: RecordedWatch[] = [];
  const watch = async (path: string, query: Record<string, string> = {}): Promise<RecordedWatch> => {
    const w = await startWatch(sb, path, query);
    watches.push(w);
    return w;
  };

  it('lists with label, set-based and field selectors', async () => {
    crashLoop(sb.cluster, 'shop', web[0] ?? '');

    const byLabel = await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=web' });
    const bySet = await core.listPodForAllNamespaces({ labelSelector: 'app in (web,api),!run' });
    const notWeb = await core.listPodForAllNamespaces({ labelSelector: 'app!=web' });
    const running = await core.listNamespacedPod({ namespace: 'shop', fieldSelector: 'metadata.name=' + web[0] });
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName!=' });

    expect(byLabel.items.map((p) => p.metadata?.name).sort()).toEqual([...web].sort());
    expect(bySet.items).toHaveLength(4);
    expect(notWeb.items.map((p) => p.metadata?.name)).toContain('debug');
    expect(running.items[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(onNode.items).toHaveLength(5);
    expect(Number(byLabel.metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('pages with limit and continue, in namespace/name order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 2, ...(token ? { _continue: token } : {}) });
      seen.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
      pages += 1;
    } while (token);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(seen).toEqual([...seen].sort());
  });

  it('resolves the owner chain pod → ReplicaSet → Deployment', async () => {
    const pod = await core.readNamespacedPod({ namespace: 'shop', name: web[0] ?? '' });
    const rsRef = pod.metadata?.ownerReferences?.[0];
    const rs = await apps.readNamespacedReplicaSet({ namespace: 'shop', name: rsRef?.name ?? '' });
    const deploy = await apps.readNamespacedDeployment({
      namespace: 'shop',
      name: rs.metadata?.ownerReferences?.[0]?.name ?? '',
    });

    expect(rsRef).toMatchObject({ kind: 'ReplicaSet', controller: true });
    expect(rs.metadata?.labels?.['pod-template-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(deploy.metadata?.name).toBe('web');
    expect(deploy.status?.readyReplicas).toBe(3);
    expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('streams ADDED, MODIFIED and DELETED to a Watch within milliseconds', async () => {
    const list = await core.listNamespacedPod({ namespace: 'shop' });
    const w = await watch('/api/v1/namespaces/shop/pods', { resourceVersion: list.metadata?.resourceVersion ?? '' });
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    crashLoop(sb.cluster, 'shop', web[0] ?? '', { restarts: 2 });
    await until(() => w.events.some((e) => e.type === 'MODIFIED'));
    const latency = Date.now() - started;
    barePod(sb.cluster, { namespace: 'shop', name: 'late' });
    barePod(sb.cluster, { namespace: 'tools', name: 'elsewhere' });
    sb.cluster.delete('Pod', 'shop', 'late');
    await until(() => w.events.some((e) => e.type === 'DELETED'));

    // Pushed as it happens: idle, a few milliseconds; the bound leaves room for a loaded machine, not for a poll.
    expect(latency).toBeLessThan(500);
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      `MODIFIED ${web[0]}`,
      'ADDED late',
      'DELETED late',
    ]);
    expect(
      typeof (w.events[0]?.object as { metadata?: { creationTimestamp?: unknown } }).metadata?.creationTimestamp,
    ).toBe('string');
  });

  it('answers a watch from a compacted resourceVersion with one 410 ERROR, and a fresh list+watch works', async () => {
    const stale = (await core.listNamespacedPod({ namespace: 'shop' })).metadata?.resourceVersion ?? '';
    crashLoop(sb.cluster, 'shop', web[0] ?? '');
    sb.cluster.compact();

    const old = await watch('/api/v1/namespaces/shop/pods', { resourceVersion: stale });
    await old.done;
    const fresh = (await core.listNamespacedPod({ namespace: 'shop' })).metadata?.resourceVersion ?? '';
    const again = await watch('/api/v1/namespaces/shop/pods', { resourceVersion: fresh });
    await new Promise((r) => setTimeout(r, 50));
    recover(sb.cluster, 'shop', web[0] ?? '');
    await until(() => again.events.length > 0);

    expect(old.events).toHaveLength(1);
    expect(old.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(again.events[0]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: web[0] } } });
  });

  it('ends watches on restart; a re-connected watch resumes from its last resourceVersion', async () => {
    const rv = (await core.listNamespacedPod({ namespace: 'shop' })).metadata?.resourceVersion ?? '';
    const first = await watch('/api/v1/namespaces/shop/pods', { resourceVersion: rv });
    await new Promise((r) => setTimeout(r, 50));
    crashLoop(sb.cluster, 'shop', web[0] ?? '');
    await until(() => first.events.length === 1);

    await sb.restart();
    const ended = await Promise.race([
      first.done.then(() => 'ended'),
      new Promise((r) => setTimeout(() => r('still open'), 10_000)),
    ]);
    recover(sb.cluster, 'shop', web[0] ?? '');
    const lastSeen = first.events[0]?.object.metadata?.resourceVersion ?? '';
    const second = await watch('/api/v1/namespaces/shop/pods', { resourceVersion: lastSeen });
    await until(() => second.events.length === 1);

    expect(ended).toBe('ended');
    expect(second.events[0]).toMatchObject({
      type: 'MODIFIED',
      object: { metadata: { name: web[0] }, status: { phase: 'Running' } },
    });
  });

  it('execs over v5: writes a file from stdin, reads it back, and reports exit codes', async () => {
    const run = (command: string[], input?: string) => runExec(sb, 'shop', web[1] ?? '', 'web', command, input);

    const write = await run(
      ['sh', '-c', 'cat > /etc/app/extra.conf && wc -c < /etc/app/extra.conf'],
      'tls=on\nworkers=4\n',
    );
    const read = await run(['cat', '/etc/app/extra.conf']);
    const failed = await run(['sh', '-c', 'echo oops >&2; exit 3']);
    const missing = await run(['sh', '-c', 'curl http://x']);

    expect(write.status.status).toBe('Success');
    expect(write.out).toBe('17\n');
    expect(read.out).toBe('tls=on\nworkers=4\n');
    expect(
      sb.cluster
        .files('shop', web[1] ?? '', 'web')
        .get('/etc/app/extra.conf')
        ?.toString(),
    ).toBe('tls=on\nworkers=4\n');
    expect(failed.err).toBe('oops\n');
    expect(failed.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(missing.err).toBe('sh: curl: not found\n');
    expect(missing.status.details?.causes?.[0]?.message).toBe('127');
  });

  it('serves current and previous logs, and the 400 when there is no previous container', async () => {
    crashLoop(sb.cluster, 'shop', web[0] ?? '', { logs: { previous: 'starting\npanic: nil map\n' } });
    sb.cluster.setLogs('shop', web[1] ?? '', 'web', { current: 'l1\nl2\nl3\n' });
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (d: Buffer) => chunks.push(d));

    await new Log(sb.kubeConfig()).log('shop', web[0] ?? '', 'web', sink, { previous: true });
    await until(() => Buffer.concat(chunks).length > 0);
    const tail = await core.readNamespacedPodLog({ namespace: 'shop', name: web[1] ?? '', tailLines: 2 });
    const noPrevious = await expectApiError(
      core.readNamespacedPodLog({ namespace: 'shop', name: web[1] ?? '', previous: true }),
      400,
    );

    expect(Buffer.concat(chunks).toString()).toBe('starting\npanic: nil map\n');
    expect(tail).toBe('l2\nl3\n');
    expect(noPrevious.message).toBe(`previous terminated container "web" in pod "${web[1]}" not found`);
  });

  it('dry-run patches validate and answer without persisting or notifying watches', async () => {
    const rv =
      (await apps.readNamespacedDeployment({ namespace: 'shop', name: 'web' })).metadata?.resourceVersion ?? '';
    const listRv = (await apps.listNamespacedDeployment({ namespace: 'shop' })).metadata?.resourceVersion ?? '';
    const w = await watch('/apis/apps/v1/namespaces/shop/deployments', { resourceVersion: listRv });

    const dry = await apps.patchNamespacedDeployment({
      namespace: 'shop',
      name: 'web',
      body: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      dryRun: 'All',
    });
    const invalid = await expectApiError(
      apps.patchNamespacedDeployment({
        namespace: 'shop',
        name: 'web',
        body: [{ op: 'replace', path: '/spec/replicas', value: -1 }],
        dryRun: 'All',
      }),
      422,
    );
    const stored = await apps.readNamespacedDeployment({ namespace: 'shop', name: 'web' });
    await stillFalse(() => w.events.length > 0, 200, { what: 'a watch event for a dry run' });

    expect(dry.spec?.replicas).toBe(5);
    expect(invalid).toMatchObject({
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    });
    expect(stored.spec?.replicas).toBe(3);
    expect(stored.metadata?.resourceVersion).toBe(rv);
    expect(w.events).toEqual([]);
  });

  it('applies a strategic merge patch to one container by name', async () => {
    const body = {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', resources: { limits: { memory: '512Mi' }, requests: { memory: '256Mi' } } }],
          },
        },
      },
    };

    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'shop', name: 'web', body },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const bad = await expectApiError(
      apps.patchNamespacedDeployment(
        {
          namespace: 'shop',
          name: 'web',
          body: { spec: { template: { spec: { containers: [{ name: 'web', image: null }] } } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
      422,
    );

    const container = patched.spec?.template.spec?.containers[0];
    expect(container?.image).toBe('nginx:1.27');
    expect(container?.resources?.limits).toEqual({ memory: '512Mi' });
    expect(patched.metadata?.generation).toBe(2);
    expect(bad.message).toContain('spec.template.spec.containers[0].image: Required value');
  });

  it('forbids cluster-wide lists when the service account is namespaced', async () => {
    sb.faults.forbidClusterWide = true;

    const denied = await expectApiError(core.listPodForAllNamespaces(), 403);
    const allowed = await core.listNamespacedPod({ namespace: 'shop' });

    expect(denied).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "system:serviceaccount:clopus:clopus" cannot list resource "pods" in API group "" at the cluster scope',
    });
    expect(allowed.items).toHaveLength(4);
  });

  it('injects 500s, 429s with Retry-After, and cuts watches mid-object', async () => {
    sb.faults.inject({ path: /\/namespaces\/shop\/pods/, status: 500, times: 1 });
    sb.faults.inject({
      method: 'GET',
      path: /\/apis\/apps\/v1\/namespaces\/shop\/deployments/,
      status: 429,
      retryAfterSeconds: 2,
    });
    const w = await watch('/api/v1/pods', { resourceVersion: sb.cluster.resourceVersion });
    await new Promise((r) => setTimeout(r, 50));

    const failed = await expectApiError(core.listNamespacedPod({ namespace: 'shop' }), 500);
    const retried = await core.listNamespacedPod({ namespace: 'shop' });
    const throttled = await apps
      .listNamespacedDeployment({ namespace: 'shop' })
      .catch((e: unknown) => e as ApiException<string>);
    const cut = sb.faults.cutWatchesMidObject();
    await w.done;

    expect(failed.reason).toBe('InternalError');
    expect(retried.items).toHaveLength(4);
    expect(throttled).toMatchObject({ code: 429, headers: { 'retry-after': '2' } });
    expect(cut).toBe(1);
    expect(w.events).toEqual([]);
  });
});
