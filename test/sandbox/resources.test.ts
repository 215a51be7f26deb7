import { PassThrough } from 'node:stream';
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  EventsV1Api,
  Log,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoRollout,
  barePod,
  cronJobWithJob,
  daemonSet,
  deployment,
  imagePullBackOff,
  job,
  pendingUnschedulable,
  type Sandbox,
  startSandbox,
  statefulSet,
} from '../../src/sandbox/index.js';
import { type RecordedWatch, startWatch, until } from './clients.js';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

async function failure(promise: Promise<unknown>): Promise<{ code: number; message: string; reason: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  const body = JSON.parse(String((err as ApiException<string>).body)) as { message: string; reason: string };
  return { code: (err as ApiException<string>).code, ...body };
}

describe('sandbox resources, events and subresources', () => {
  let sb: Sandbox;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  const watches: RecordedWatch[] = [];

  beforeEach(async () => {
    sb = await startSandbox({ bookmarkIntervalMs: 50 });
    core = sb.kubeConfig().makeApiClient(CoreV1Api);
    apps = sb.kubeConfig().makeApiClient(AppsV1Api);
  });

  afterEach(async () => {
    for (const w of watches.splice(0)) w.abort();
    await sb.stop();
  });

  it('serves events on core/v1 and events.k8s.io/v1 with involvedObject / regarding selectors', async () => {
    const pod =
      deployment(sb.cluster, { namespace: 'shop', name: 'web', image: 'nginx:1.27' }).pods[0]?.metadata.name ?? '';
    imagePullBackOff(sb.cluster, 'shop', pod, { image: 'nginx:1.99-typo' });
    barePod(sb.cluster, { namespace: 'shop', name: 'other' });
    pendingUnschedulable(sb.cluster, 'shop', 'other');

    const coreEvents = await core.listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: `involvedObject.name=${pod},type=Warning`,
    });
    const newEvents = await sb
      .kubeConfig()
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: 'shop', fieldSelector: 'regarding.name=other' });
    const podNow = await core.readNamespacedPod({ namespace: 'shop', name: pod });

    expect(coreEvents.items.map((e) => e.message)).toEqual([
      'Failed to pull image "nginx:1.99-typo": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99-typo": failed to resolve reference "docker.io/library/nginx:1.99-typo": docker.io/library/nginx:1.99-typo: not found',
      'Error: ErrImagePull',
      'Error: ImagePullBackOff',
    ]);
    expect(newEvents.items).toHaveLength(1);
    expect(newEvents.items[0]).toMatchObject({
      reason: 'FailedScheduling',
      reportingController: 'default-scheduler',
      regarding: { kind: 'Pod', name: 'other' },
    });
    expect(newEvents.items[0]?.note).toContain('Insufficient memory');
    expect(podNow.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ImagePullBackOff');
    expect(podNow.status?.phase).toBe('Pending');
  });

  it('builds StatefulSets, DaemonSets and CronJob → Job → Pod chains with real statuses', async () => {
    statefulSet(sb.cluster, { namespace: 'data', name: 'db', replicas: 2, image: 'postgres:16' });
    daemonSet(sb.cluster, { namespace: 'kube-system', name: 'node-agent', image: 'fluent/fluent-bit:3.0' });
    const cron = cronJobWithJob(sb.cluster, {
      namespace: 'ops',
      name: 'backup',
      image: 'busybox:1.36',
      state: 'succeeded',
    });
    job(sb.cluster, { namespace: 'ops', name: 'migrate', image: 'busybox:1.36', state: 'failed', backoffLimit: 1 });
    const batch = sb.kubeConfig().makeApiClient(BatchV1Api);

    const sts = await apps.readNamespacedStatefulSet({ namespace: 'data', name: 'db' });
    const ds = await apps.readNamespacedDaemonSet({ namespace: 'kube-system', name: 'node-agent' });
    const backup = await batch.readNamespacedJob({ namespace: 'ops', name: cron.job.metadata.name });
    const migrate = await batch.readNamespacedJob({ namespace: 'ops', name: 'migrate' });
    const cronJob = await batch.readNamespacedCronJob({ namespace: 'ops', name: 'backup' });
    const jobPods = await core.listNamespacedPod({
      namespace: 'ops',
      labelSelector: `job-name=${cron.job.metadata.name}`,
    });

    expect(sts.status).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(
      (await core.readNamespacedPod({ namespace: 'data', name: 'db-1' })).metadata?.ownerReferences?.[0],
    ).toMatchObject({ kind: 'StatefulSet', name: 'db' });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
    expect(backup.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'backup', controller: true });
    expect(backup.metadata?.name).toMatch(/^backup-\d{8}$/);
    expect(backup.status?.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(migrate.status).toMatchObject({ failed: 2 });
    expect(migrate.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(cronJob.status?.lastSuccessfulTime).toBeInstanceOf(Date);
    expect(jobPods.items[0]?.status?.phase).toBe('Succeeded');
  });

  it('creates with generateName, refuses duplicates and missing namespaces, and cascades deletes', async () => {
    deployment(sb.cluster, { namespace: 'shop', name: 'web', replicas: 2 });
    const list = await core.listNamespacedPod({ namespace: 'shop' });
    const w = await startWatch(sb, '/api/v1/namespaces/shop/pods', {
      resourceVersion: list.metadata?.resourceVersion ?? '',
    });
    watches.push(w);

    const made = await core.createNamespacedConfigMap({
      namespace: 'shop',
      body: { metadata: { generateName: 'cfg-' }, data: { a: '1' } },
    });
    const duplicate = await failure(
      core.createNamespacedConfigMap({ namespace: 'shop', body: { metadata: { name: made.metadata?.name ?? '' } } }),
    );
    const noNamespace = await failure(
      core.createNamespacedConfigMap({ namespace: 'nope', body: { metadata: { name: 'x' } } }),
    );
    const missing = await failure(apps.readNamespacedDeployment({ namespace: 'shop', name: 'ghost' }));
    const deleted = await apps.deleteNamespacedDeployment({ namespace: 'shop', name: 'web' });
    await until(() => w.events.length === 2);

    expect(made.metadata?.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(duplicate).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: `configmaps "${made.metadata?.name}" already exists`,
    });
    expect(noNamespace).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: 'deployments.apps "ghost" not found' });
    expect(deleted.status).toBe('Success');
    expect(w.events.map((e) => e.type)).toEqual(['DELETED', 'DELETED']);
    expect((await apps.listNamespacedReplicaSet({ namespace: 'shop' })).items).toEqual([]);
  });

  it('keeps spec and status apart across the main resource and /status, and scales through /scale', async () => {
    const pod = barePod(sb.cluster, { namespace: 'shop', name: 'solo', image: 'nginx:1.27' });
    deployment(sb.cluster, { namespace: 'shop', name: 'web', replicas: 2 });

    const statusPatched = await core.patchNamespacedPodStatus(
      { namespace: 'shop', name: 'solo', body: { status: { phase: 'Failed' }, metadata: { labels: { x: 'y' } } } },
      merge,
    );
    const mainPatched = await core.patchNamespacedPod(
      {
        namespace: 'shop',
        name: 'solo',
        body: { metadata: { labels: { tier: 'web', run: null } }, status: { phase: 'Unknown' } },
      },
      merge,
    );
    const immutable = await failure(
      core.patchNamespacedPod(
        {
          namespace: 'shop',
          name: 'solo',
          body: { spec: { containers: [{ name: 'solo', resources: { limits: { memory: '1Gi' } } }] } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    const scaled = await apps.patchNamespacedDeploymentScale(
      { namespace: 'shop', name: 'web', body: { spec: { replicas: 5 } } },
      merge,
    );

    expect(statusPatched.status?.phase).toBe('Failed');
    expect(statusPatched.metadata?.labels).toEqual(pod.metadata.labels);
    expect(mainPatched.metadata?.labels).toEqual({ tier: 'web' });
    expect(mainPatched.status?.phase).toBe('Failed');
    expect(immutable.code).toBe(422);
    expect(immutable.message).toContain(
      'Pod "solo" is invalid: spec: Forbidden: pod updates may not change fields other than',
    );
    expect(scaled).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 5 },
      status: { replicas: 2, selector: 'app=web' },
    });
    expect(sb.cluster.get('Deployment', 'shop', 'web')?.spec?.replicas).toBe(5);
  });

  it('asks for a container name on multi-container pods and follows logs until the pod goes', async () => {
    barePod(sb.cluster, {
      namespace: 'shop',
      name: 'duo',
      containers: [
        { name: 'app', image: 'nginx:1.27' },
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31' },
      ],
    });
    sb.cluster.setLogs('shop', 'duo', 'proxy', { current: 'ready\n' });
    let text = '';
    const sink = new PassThrough();
    sink.on('data', (d: Buffer) => (text += d.toString()));

    const ambiguous = await failure(core.readNamespacedPodLog({ namespace: 'shop', name: 'duo' }));
    await new Log(sb.kubeConfig()).log('shop', 'duo', 'proxy', sink, { follow: true });
    await until(() => text === 'ready\n');
    sb.cluster.appendLogs('shop', 'duo', 'proxy', 'request 1\n');
    await until(() => text === 'ready\nrequest 1\n');
    const ended = new Promise((resolve) => sink.on('end', resolve));
    sb.cluster.delete('Pod', 'shop', 'duo');
    await ended;

    expect(ambiguous).toMatchObject({
      code: 400,
      message: 'a container name must be specified for pod duo, choose one of: [app proxy]',
    });
  });

  it('restricts to allowed namespaces with RBAC-worded 403s', async () => {
    barePod(sb.cluster, { namespace: 'team-a', name: 'a' });
    barePod(sb.cluster, { namespace: 'team-b', name: 'b' });
    sb.faults.allowedNamespaces = ['team-a'];

    const allowed = await core.listNamespacedPod({ namespace: 'team-a' });
    const denied = await failure(core.readNamespacedPod({ namespace: 'team-b', name: 'b' }));

    expect(allowed.items).toHaveLength(1);
    expect(denied).toMatchObject({
      code: 403,
      message:
        'pods "b" is forbidden: User "system:serviceaccount:clopus:clopus" cannot get resource "pods" in API group "" in the namespace "team-b"',
    });
  });

  it('watches with selectors: initial events, a bookmark ending them, and objects leaving the selection', async () => {
    barePod(sb.cluster, { namespace: 'shop', name: 'a', labels: { tier: 'web' } });
    barePod(sb.cluster, { namespace: 'shop', name: 'b', labels: { tier: 'db' } });
    const w = await startWatch(sb, '/api/v1/pods', {
      labelSelector: 'tier=web',
      sendInitialEvents: 'true',
      allowWatchBookmarks: 'true',
      resourceVersionMatch: 'NotOlderThan',
    });
    watches.push(w);

    await until(() => w.events.some((e) => e.type === 'BOOKMARK'));
    sb.cluster.update('Pod', 'shop', 'a', (p) => {
      p.metadata.labels = { tier: 'cache' };
    });
    sb.cluster.update('Pod', 'shop', 'b', (p) => {
      p.metadata.labels = { tier: 'web' };
    });
    await until(() => w.events.filter((e) => e.type !== 'BOOKMARK').length === 3);

    expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(w.events[1]).toMatchObject({
      type: 'BOOKMARK',
      object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    expect(w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED a',
      'DELETED a',
      'ADDED b',
    ]);
  });

  it('rolls a Deployment out after its template is patched, when autoRollout is on', async () => {
    const stop = autoRollout(sb.cluster);
    const before = deployment(sb.cluster, {
      namespace: 'shop',
      name: 'web',
      replicas: 2,
      files: { '/etc/app/app.conf': 'port=80\n' },
    });
    const body = {
      spec: { template: { spec: { containers: [{ name: 'web', resources: { limits: { memory: '512Mi' } } }] } } },
    };

    await apps.patchNamespacedDeployment(
      { namespace: 'shop', name: 'web', body },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await until(() =>
      sb.cluster
        .list('Pod', 'shop')
        .every(
          (p) => p.metadata.labels?.['pod-template-hash'] !== before.replicaSet.metadata.labels?.['pod-template-hash'],
        ),
    );
    stop();
    const pods = (await core.listNamespacedPod({ namespace: 'shop' })).items;
    const deploy = await apps.readNamespacedDeployment({ namespace: 'shop', name: 'web' });
    const oldSet = await apps.readNamespacedReplicaSet({ namespace: 'shop', name: before.replicaSet.metadata.name });

    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.spec?.containers[0]?.resources?.limits?.memory)).toEqual(['512Mi', '512Mi']);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(
      sb.cluster
        .files('shop', pods[0]?.metadata?.name ?? '', 'web')
        .get('/etc/app/app.conf')
        ?.toString(),
    ).toBe('port=80\n');
    expect(deploy.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(deploy.status).toMatchObject({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2 });
    expect(oldSet.spec?.replicas).toBe(0);
  });

  it('answers kubectl-style Table requests with printer columns', async () => {
    deployment(sb.cluster, { namespace: 'shop', name: 'web', replicas: 3 });

    const res = await fetch(`${sb.url}/apis/apps/v1/namespaces/shop/deployments`, {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    const table = (await res.json()) as {
      kind: string;
      columnDefinitions: { name: string; priority: number }[];
      rows: { cells: unknown[]; object: { kind: string } }[];
    };

    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
    ]);
    expect(table.rows[0]?.cells.slice(0, 4)).toEqual(['web', '3/3', 3, 3]);
    expect(table.rows[0]?.object.kind).toBe('PartialObjectMetadata');
  });
});
