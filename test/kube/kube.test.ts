import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/index.js';
import {
  crashLoop,
  cronJobWithJob,
  deployment,
  type Sandbox,
  startSandbox,
  statefulSet,
} from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let kube: KubeClient;
let apiPod: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  kube = new KubeClient(sandbox.kubeConfig());
  const { pods } = deployment(sandbox.cluster, {
    namespace: 'shop',
    name: 'api',
    replicas: 2,
    image: 'example/api:1.0',
    files: { '/etc/api/config.yaml': 'port: 8080\n' },
  });
  apiPod = pods[0]!.metadata.name;
  deployment(sandbox.cluster, { namespace: 'shop', name: 'distroless', replicas: 1, noShell: true });
  statefulSet(sandbox.cluster, { namespace: 'shop', name: 'db', replicas: 1 });
  cronJobWithJob(sandbox.cluster, { namespace: 'batch', name: 'nightly' });
});

afterAll(async () => {
  await sandbox.stop();
});

describe('KubeClient against the sandbox', () => {
  it('lists every pod across pages with the list resourceVersion', async () => {
    const list = await kube.listPods(null, { pageSize: 2 });

    expect(list.items).toHaveLength(5);
    expect(Number(list.resourceVersion)).toBeGreaterThan(0);
  });

  it.each([
    ['ReplicaSet owned by a Deployment', 'shop', 'api', { kind: 'Deployment', name: 'api' }],
    ['StatefulSet', 'shop', 'db', { kind: 'StatefulSet', name: 'db' }],
    ['Job owned by a CronJob', 'batch', 'nightly', { kind: 'CronJob', name: 'nightly' }],
  ])('resolves the owner chain of a pod under a %s', async (_, ns, prefix, expected) => {
    const pods = (await kube.listPods(ns)).items as Array<{
      metadata: { name: string; ownerReferences: Array<{ kind: 'ReplicaSet'; name: string }> };
    }>;
    const pod = pods.find((p) => p.metadata.name.startsWith(prefix))!;
    const owner = pod.metadata.ownerReferences[0]!;

    const workload = await kube.resolveOwner(ns, { kind: owner.kind, name: owner.name });

    expect(workload).toEqual(expected);
  });

  it('writes a file through exec stdin and reads it back, with exit codes', async () => {
    const write = await kube.exec({
      namespace: 'shop',
      pod: apiPod,
      container: 'api',
      argv: ['sh', '-c', 'cat > /etc/api/config.yaml.tmp && mv /etc/api/config.yaml.tmp /etc/api/config.yaml'],
      stdin: 'port: 9090\n',
    });
    const read = await kube.exec({
      namespace: 'shop',
      pod: apiPod,
      container: 'api',
      argv: ['cat', '/etc/api/config.yaml'],
    });
    const missing = await kube.exec({
      namespace: 'shop',
      pod: apiPod,
      container: 'api',
      argv: ['cat', '/etc/api/nope'],
    });

    expect(write.exitCode).toBe(0);
    expect(read).toMatchObject({ exitCode: 0, stdout: 'port: 9090\n' });
    expect(sandbox.cluster.files('shop', apiPod, 'api').get('/etc/api/config.yaml')?.toString()).toBe('port: 9090\n');
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('/etc/api/nope');
  });

  it('caps exec output and reports truncation', async () => {
    const big = 'x'.repeat(50_000);
    sandbox.cluster.files('shop', apiPod, 'api').set('/tmp/big', Buffer.from(big));

    const result = await kube.exec({
      namespace: 'shop',
      pod: apiPod,
      container: 'api',
      argv: ['cat', '/tmp/big'],
      maxOutputBytes: 1000,
    });

    expect(result.stdout).toHaveLength(1000);
    expect(result.truncated).toBe(true);
  });

  it('times out a command that does not finish', async () => {
    const run = kube.exec({ namespace: 'shop', pod: apiPod, container: 'api', argv: ['sleep', '30'], timeoutMs: 300 });

    await expect(run).rejects.toMatchObject({ code: 'EXEC_TIMEOUT' });
  });

  it('fails clearly in a container without a shell', async () => {
    const pods = (await kube.listPods('shop')).items as Array<{ metadata: { name: string } }>;
    const pod = pods.find((p) => p.metadata.name.startsWith('distroless'))!.metadata.name;

    const run = kube.exec({ namespace: 'shop', pod, container: 'distroless', argv: ['sh', '-c', 'true'] });

    await expect(run).rejects.toMatchObject({
      code: 'EXEC_FAILED',
      message: expect.stringContaining('executable file not found'),
    });
  });

  it('reads previous logs, and null when there is no previous container', async () => {
    const pod = (await kube.listPods('shop')).items
      .map((p) => (p as { metadata: { name: string } }).metadata.name)
      .find((n) => n.startsWith('api') && n !== apiPod)!;
    const before = await kube.readLog({
      namespace: 'shop',
      pod,
      container: 'api',
      previous: true,
      tailLines: 10,
      limitBytes: 10_000,
    });
    crashLoop(sandbox.cluster, 'shop', pod, { logs: { previous: 'line1\nline2\npanic: boom\n' } });

    const after = await kube.readLog({
      namespace: 'shop',
      pod,
      container: 'api',
      previous: true,
      tailLines: 2,
      limitBytes: 10_000,
    });
    const events = await kube.podWarningEvents('shop', pod);

    expect(before).toBeNull();
    expect(after).toBe('line2\npanic: boom\n');
    expect(events.items).toHaveLength(1);
  });

  it('validates a patch with a server-side dry run without persisting it, then applies it', async () => {
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory: '512Mi' } } }] } } },
    };

    const dry = await kube.patchWorkload({ kind: 'Deployment', namespace: 'shop', name: 'api' }, patch, {
      dryRun: true,
    });
    const stored = await kube.getWorkload('Deployment', 'shop', 'api');
    const applied = await kube.patchWorkload({ kind: 'Deployment', namespace: 'shop', name: 'api' }, patch, {
      dryRun: false,
    });

    const limitsOf = (o: typeof dry) =>
      (
        o.spec as {
          template: { spec: { containers: Array<{ image: string; resources?: { limits?: Record<string, string> } }> } };
        }
      ).template.spec.containers[0]!;
    expect(limitsOf(dry).resources?.limits?.memory).toBe('512Mi');
    expect(limitsOf(dry).image).toContain('example/api:1.0');
    expect(limitsOf(stored).resources?.limits?.memory).toBeUndefined();
    expect(limitsOf(applied).resources?.limits?.memory).toBe('512Mi');
  });

  it('patches with strict field validation, so a dry run refuses a field the schema does not know instead of dropping it', async () => {
    const patch = {
      spec: {
        template: {
          spec: { containers: [{ name: 'api', resources: { limits: { memory: '1Gi' } }, debugShell: true }] },
        },
      },
    };
    const before = await kube.getWorkload('Deployment', 'shop', 'api');

    const dry = kube.patchWorkload({ kind: 'Deployment', namespace: 'shop', name: 'api' }, patch, { dryRun: true });
    const real = kube.patchWorkload({ kind: 'Deployment', namespace: 'shop', name: 'api' }, patch, { dryRun: false });

    for (const attempt of [dry, real]) {
      await expect(attempt).rejects.toMatchObject({
        code: 'KUBE_ERROR',
        status: 422,
        message: expect.stringMatching(
          /the API server answered 422 Invalid: .*strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.debugShell"$/,
        ),
      });
    }
    expect((await kube.getWorkload('Deployment', 'shop', 'api')).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('turns a 403 into an error that says which permission is missing', async () => {
    sandbox.faults.forbidClusterWide = true;
    try {
      await expect(kube.listPods(null)).rejects.toMatchObject({
        code: 'KUBE_FORBIDDEN',
        message: expect.stringMatching(
          /list pods in all namespaces: forbidden by RBAC \(403\).*cannot list resource "pods"/,
        ),
      });
    } finally {
      sandbox.faults.forbidClusterWide = false;
    }
  });
});

describe('KubeClient when the API server is unreachable', () => {
  it('says it cannot reach the server', async () => {
    const gone = await startSandbox();
    const client = new KubeClient(gone.kubeConfig());
    await gone.stop();

    await expect(client.listPods(null)).rejects.toMatchObject({
      code: 'KUBE_UNREACHABLE',
      message: expect.stringContaining('cannot reach the API server'),
    });
  });
});
