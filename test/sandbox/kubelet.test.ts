// The sandbox kubelet: Jobs created through the real client run as local processes, with their ConfigMaps as
// files, env from Secrets, the output as the pod log, and statuses from the exit, the memory limit and the deadline.
import { BatchV1Api, CoreV1Api, type V1Job } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ContainerToRun, firstOf, job, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { stillFalse, waitFor } from '../helpers/wait.js';

const NS = 'clopus';

/** `node-script <js> [args…]` runs the script with this node; everything else is unknown to the "images". */
const nodeScript = ({ argv }: ContainerToRun): string[] | undefined =>
  argv[0] === 'node-script' ? [process.execPath, '-e', argv[1] ?? '', ...argv.slice(2)] : undefined;

function jobOf(
  name: string,
  script: string,
  opts: {
    args?: string[];
    image?: string;
    memory?: string;
    deadline?: number;
    backoffLimit?: number;
    extra?: Record<string, unknown>;
  } = {},
): V1Job {
  return {
    metadata: { name, labels: { app: 'kubelet-test' } },
    spec: {
      backoffLimit: opts.backoffLimit ?? 0,
      ...(opts.deadline ? { activeDeadlineSeconds: opts.deadline } : {}),
      template: {
        metadata: { labels: { app: 'kubelet-test' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'main',
              image: opts.image ?? 'tools:1',
              command: ['node-script', script],
              args: opts.args ?? [],
              ...(opts.memory ? { resources: { limits: { memory: opts.memory } } } : {}),
              ...opts.extra,
            },
          ],
        },
      },
    },
  };
}

/** Each test starts node processes as containers: on a loaded machine a start can take seconds. */
const PROCESS_MS = 60_000;

describe('the sandbox kubelet', { timeout: 3 * PROCESS_MS }, () => {
  let sb: Sandbox;
  let batch: BatchV1Api;
  let core: CoreV1Api;

  beforeEach(async () => {
    sb = await startSandbox({ kubelet: { resolveCommand: firstOf(nodeScript), memorySampleMs: 25 } });
    sb.cluster.createNamespace(NS);
    batch = sb.kubeConfig().makeApiClient(BatchV1Api);
    core = sb.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterEach(async () => {
    await sb.stop();
  });

  const finished = (name: string) =>
    waitFor(
      () => {
        const j = sb.cluster.get('Job', NS, name);
        return (j?.status?.conditions as Array<{ type: string }> | undefined)?.some(
          (c) => c.type === 'Complete' || c.type === 'Failed',
        )
          ? j
          : undefined;
      },
      { timeoutMs: PROCESS_MS, what: `Job ${name} to complete or fail` },
    );
  const podOf = (name: string) => sb.cluster.list('Pod', NS).find((p) => p.metadata.labels?.['job-name'] === name);
  /** The pid a container's script prints first: its first sign of life. */
  const pidOf = async (name: string) =>
    Number(
      await waitFor(
        () => (podOf(name) ? sb.cluster.containers.logsOf(NS, podOf(name)!.metadata.name, 'main').current : undefined),
        { timeoutMs: PROCESS_MS, what: `the pid printed by Job ${name}` },
      ),
    );
  const gone = (pid: number) =>
    waitFor(() => !alive(pid), { timeoutMs: PROCESS_MS, what: `process ${pid} to be killed` });

  it('runs a Job with its ConfigMap mounted as files and env from a Secret; stdout and stderr are the pod log', async () => {
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'input' }, data: { 'in.json': '{"n":41}' } },
    });
    await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'creds' }, data: { TOKEN: Buffer.from('s3cret').toString('base64') } },
    });
    const script =
      'const n = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).n; console.error("working"); console.log(JSON.stringify({ n: n + 1, token: process.env.TOKEN, api: process.env.API_KEY, pod: process.env.HOSTNAME }))';
    const body = jobOf('adds', script, {
      args: ['$(INPUT)/in.json'],
      extra: {
        env: [
          { name: 'INPUT', value: '/input' },
          { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'creds', key: 'TOKEN' } } },
        ],
        envFrom: [{ secretRef: { name: 'creds' } }],
        volumeMounts: [{ name: 'input', mountPath: '/input', readOnly: true }],
      },
    });
    body.spec!.template.spec!.volumes = [{ name: 'input', configMap: { name: 'input' } }];

    await batch.createNamespacedJob({ namespace: NS, body });
    const done = await finished('adds');

    const pod = podOf('adds')!;
    expect(done?.status).toMatchObject({
      succeeded: 1,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached' },
      ],
    });
    expect(done?.status).not.toHaveProperty('active');
    expect(done?.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': done?.metadata.uid } });
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: 'adds', controller: true });
    expect(pod.status).toMatchObject({
      phase: 'Succeeded',
      containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    const log = await core.readNamespacedPodLog({ namespace: NS, name: pod.metadata.name, container: 'main' });
    // Two pipes, interleaved as they are read (as a container runtime does): each line whole, no order between them.
    expect(log.split('\n').sort()).toEqual(
      ['', JSON.stringify({ n: 42, token: 's3cret', api: 's3cret', pod: pod.metadata.name }), 'working'].sort(),
    );
  });

  it.each([
    ['a non-zero exit', jobOf('crash', 'process.exit(3)'), { exitCode: 3, reason: 'Error' }, 'BackoffLimitExceeded'],
    [
      'a memory limit the process exceeds',
      jobOf('hog', 'const a = []; setInterval(() => a.push(Buffer.alloc(8 << 20, 1)), 10)', { memory: '64Mi' }),
      { exitCode: 137, reason: 'OOMKilled' },
      'BackoffLimitExceeded',
    ],
    [
      'a command the image does not have',
      {
        ...jobOf('nocmd', ''),
        spec: {
          ...jobOf('nocmd', '').spec!,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'tools:1', command: ['bash', '-c', 'true'] }],
            },
          },
        },
      },
      { exitCode: 128, reason: 'StartError' },
      'BackoffLimitExceeded',
    ],
  ] as const)("fails the Job on %s, with the pod's terminated state", async (_, body, terminated, reason) => {
    await batch.createNamespacedJob({ namespace: NS, body: structuredClone(body) as V1Job });
    const done = await finished(body.metadata!.name!);

    expect(done?.status).toMatchObject({
      failed: 1,
      conditions: [{ type: 'FailureTarget' }, { type: 'Failed', status: 'True', reason }],
    });
    expect(podOf(body.metadata!.name!)?.status).toMatchObject({
      phase: 'Failed',
      containerStatuses: [{ state: { terminated } }],
    });
  });

  it('retries a failed pod up to backoffLimit, then fails the Job', async () => {
    await batch.createNamespacedJob({ namespace: NS, body: jobOf('flaky', 'process.exit(1)', { backoffLimit: 1 }) });
    const done = await finished('flaky');

    expect(done?.status).toMatchObject({
      failed: 2,
      conditions: [{ type: 'FailureTarget' }, { type: 'Failed', reason: 'BackoffLimitExceeded' }],
    });
    expect(sb.cluster.list('Pod', NS).filter((p) => p.metadata.labels?.['job-name'] === 'flaky')).toHaveLength(2);
  });

  it('stops a Job at activeDeadlineSeconds: the process is killed and the Job fails with DeadlineExceeded', async () => {
    // The deadline counts from the Job's start, as in Kubernetes; the process must print its pid before it, so the
    // deadline leaves a loaded machine several seconds to start node.
    await batch.createNamespacedJob({
      namespace: NS,
      body: jobOf('slow', 'console.log(process.pid); setInterval(() => {}, 1000)', { deadline: 4 }),
    });
    const pid = await pidOf('slow');

    const done = await finished('slow');

    expect(done?.status).toMatchObject({
      failed: 1,
      conditions: [
        { type: 'FailureTarget' },
        { type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
      ],
    });
    expect(podOf('slow')).toBeUndefined();
    await gone(pid);
  });

  it('leaves a pod whose image cannot be pulled in ImagePullBackOff, and one whose Secret is missing in CreateContainerConfigError', async () => {
    await batch.createNamespacedJob({
      namespace: NS,
      body: jobOf('pull', 'process.exit(0)', { image: 'registry.invalid/clopus:9.9' }),
    });
    await batch.createNamespacedJob({
      namespace: NS,
      body: jobOf('nosecret', 'process.exit(0)', { extra: { envFrom: [{ secretRef: { name: 'absent' } }] } }),
    });

    const waiting = (name: string) =>
      waitFor(
        () =>
          (
            podOf(name)?.status?.containerStatuses as Array<{ state: { waiting?: { reason: string } } }> | undefined
          )?.[0]?.state.waiting?.reason === 'ContainerCreating'
            ? undefined
            : podOf(name),
        { what: `the pod of Job ${name} past ContainerCreating` },
      );

    expect((await waiting('pull'))?.status).toMatchObject({
      phase: 'Pending',
      containerStatuses: [
        {
          state: {
            waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/clopus:9.9"' },
          },
        },
      ],
    });
    expect((await waiting('nosecret'))?.status).toMatchObject({
      phase: 'Pending',
      containerStatuses: [
        { state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "absent" not found' } } },
      ],
    });
    expect(sb.cluster.get('Job', NS, 'pull')?.status).toMatchObject({ active: 1 });
  });

  it('kills the process when its Job is deleted, and every process when the sandbox stops', async () => {
    await batch.createNamespacedJob({
      namespace: NS,
      body: jobOf('a', 'console.log(process.pid); setInterval(() => {}, 1000)'),
    });
    await batch.createNamespacedJob({
      namespace: NS,
      body: jobOf('b', 'console.log(process.pid); setInterval(() => {}, 1000)'),
    });
    const [a, b] = [await pidOf('a'), await pidOf('b')];

    await batch.deleteNamespacedJob({ namespace: NS, name: 'a', propagationPolicy: 'Background' });
    await gone(a);
    const bAlive = alive(b);
    await sb.stop();

    expect(podOf('a')).toBeUndefined();
    expect(bAlive).toBe(true);
    expect(alive(b)).toBe(false);
    sb = await startSandbox();
  });

  it('leaves Jobs the builders make alone', async () => {
    job(sb.cluster, { namespace: NS, name: 'built', image: 'tools:1', state: 'running' });
    await stillFalse(() => sb.kubelet?.running, 200, { what: 'the kubelet to run a container for it' });

    expect(sb.kubelet?.running).toBe(0);
    expect(sb.cluster.list('Pod', NS).filter((p) => p.metadata.labels?.['job-name'] === 'built')).toHaveLength(1);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
