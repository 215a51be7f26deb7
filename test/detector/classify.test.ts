import { describe, expect, it } from 'vitest';
import { classifyPod, classifyPods } from '../../src/detector/classify.js';
import { parsePod, parsePodEvents, parsePodList } from '../../src/detector/pod-schema.js';
import { DEFAULT_THRESHOLDS, REASONS } from '../../src/detector/types.js';
import { NOW, ago, condition, eventJson, lastTerminated, podJson, running, terminated, waiting, withDates } from './fixtures.js';

type Row = [label: string, pod: Record<string, unknown>, expected: Array<{ container: string | null; reason: string; message?: string }>];

const crashLoop = (restartCount: number, last: Parameters<typeof lastTerminated>[0]) =>
  waiting('app', 'CrashLoopBackOff', 'back-off 5m0s restarting failed container=app pod=api-7d9f8b6c5d-x2x7q_shop(…)', {
    restartCount,
    lastState: lastTerminated(last),
  });

const FINDINGS: Row[] = [
  [
    'CrashLoopBackOff',
    podJson({ containers: [crashLoop(7, { exitCode: 1, reason: 'Error' })] }),
    [{ container: 'app', reason: 'CrashLoopBackOff', message: 'back-off restarting failed container "app" (exit 1, 7 restarts)' }],
  ],
  [
    'OOMKilled behind a CrashLoopBackOff',
    podJson({ containers: [crashLoop(4, { exitCode: 137, reason: 'OOMKilled' })] }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 4 restarts)' }],
  ],
  [
    'OOMKilled, terminated between restarts',
    podJson({ containers: [terminated('app', { exitCode: 137, reason: 'OOMKilled', finishedSecondsAgo: 2 }, { restartCount: 3 })] }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 3 restarts)' }],
  ],
  [
    'ImagePullBackOff',
    podJson({ containers: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/shop/api:1.4.3"', { image: 'registry.example.com/shop/api:1.4.3' })] }),
    [{ container: 'app', reason: 'ImagePullBackOff', message: 'cannot pull image "registry.example.com/shop/api:1.4.3" for container "app": Back-off pulling image "registry.example.com/shop/api:1.4.3"' }],
  ],
  [
    'ErrImagePull',
    podJson({ containers: [waiting('app', 'ErrImagePull', 'rpc error: code = NotFound desc = failed to pull and unpack image: not found')] }),
    [{ container: 'app', reason: 'ErrImagePull' }],
  ],
  [
    'InvalidImageName',
    podJson({ containers: [waiting('app', 'InvalidImageName', 'Failed to apply default image tag "api:": couldn\'t parse image reference "api:": invalid reference format', { image: 'api:' })] }),
    [{ container: 'app', reason: 'InvalidImageName', message: 'invalid image name "api:" for container "app": Failed to apply default image tag "api:": couldn\'t parse image reference "api:": invalid reference format' }],
  ],
  [
    'CreateContainerConfigError',
    podJson({ containers: [waiting('app', 'CreateContainerConfigError', 'secret "db-credentials" not found')] }),
    [{ container: 'app', reason: 'CreateContainerConfigError', message: 'cannot create container "app": secret "db-credentials" not found' }],
  ],
  [
    'CreateContainerError',
    podJson({ containers: [waiting('app', 'CreateContainerError', 'failed to generate container spec: failed to mkdir "/data": permission denied')] }),
    [{ container: 'app', reason: 'CreateContainerError' }],
  ],
  [
    'RunContainerError',
    podJson({
      containers: [
        waiting('app', 'RunContainerError', 'failed to create containerd task: exec: "/srv/run.sh": stat /srv/run.sh: no such file or directory', {
          restartCount: 2,
          lastState: lastTerminated({ exitCode: 128, reason: 'StartError' }),
        }),
      ],
    }),
    [{ container: 'app', reason: 'RunContainerError', message: 'cannot start container "app": failed to create containerd task: exec: "/srv/run.sh": stat /srv/run.sh: no such file or directory' }],
  ],
  [
    'Unschedulable past its grace',
    podJson({
      phase: 'Pending',
      nodeName: null,
      containers: [],
      createdSecondsAgo: 600,
      conditions: [condition('PodScheduled', 'False', 600, 'Unschedulable', '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.')],
    }),
    [{ container: null, reason: 'Unschedulable', message: 'pod unschedulable for 10m: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' }],
  ],
  [
    'Evicted',
    podJson({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi. Container app was using 912Mi, which exceeds its request of 128Mi. ',
      containers: [terminated('app', { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' })],
    }),
    [{ container: null, reason: 'Evicted', message: 'pod evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi. Container app was using 912Mi, which exceeds its request of 128Mi.' }],
  ],
  [
    'InitContainerFailed (Init:Error)',
    podJson({
      phase: 'Pending',
      initContainers: [terminated('migrate', { exitCode: 1, reason: 'Error', message: 'relation "orders" already exists' }, { restartCount: 2 })],
      containers: [waiting('app', 'PodInitializing', undefined)],
    }),
    [{ container: 'migrate', reason: 'InitContainerFailed', message: 'init container "migrate" failed (exit 1, 2 restarts): relation "orders" already exists' }],
  ],
  [
    'InitContainerFailed (Init:CrashLoopBackOff)',
    podJson({
      phase: 'Pending',
      initContainers: [waiting('migrate', 'CrashLoopBackOff', 'back-off 40s restarting failed container=migrate', { restartCount: 4, lastState: lastTerminated({ exitCode: 2, reason: 'Error' }) })],
      containers: [waiting('app', 'PodInitializing', undefined)],
    }),
    [{ container: 'migrate', reason: 'InitContainerFailed', message: 'init container "migrate" failed (exit 2, 4 restarts)' }],
  ],
  [
    'Error: a Job pod that exited non-zero with restartPolicy Never',
    podJson({
      owner: { kind: 'Job', name: 'report-28571520' },
      name: 'report-28571520-6kq2v',
      phase: 'Failed',
      restartPolicy: 'Never',
      containers: [terminated('report', { exitCode: 2, reason: 'Error' })],
    }),
    [{ container: 'report', reason: 'Error', message: 'container "report" exited with code 2 and will not be restarted: Error' }],
  ],
  [
    'Error: a bare pod with restartPolicy OnFailure that failed',
    podJson({ owner: null, name: 'debug-shell', phase: 'Failed', restartPolicy: 'OnFailure', containers: [terminated('shell', { exitCode: 126, reason: 'Error' }, { restartCount: 6 })] }),
    [{ container: 'shell', reason: 'Error' }],
  ],
  [
    'Error: a bare pod failed as a whole',
    podJson({
      owner: null,
      name: 'load-test',
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
      containers: [terminated('load', { exitCode: 137, reason: 'Error' })],
    }),
    [{ container: null, reason: 'Error', message: 'pod failed: DeadlineExceeded: Pod was active on the node longer than the specified deadline' }],
  ],
  [
    'NotReady past its grace',
    podJson({
      containers: [running('app', { ready: false, startedSecondsAgo: 3600 })],
      conditions: [condition('Ready', 'False', 900, 'ContainersNotReady', 'containers with unready status: [app]'), condition('PodScheduled', 'True', 7200)],
    }),
    [{ container: 'app', reason: 'NotReady', message: 'container "app" running but not ready for 15m (0 restarts)' }],
  ],
  [
    'RapidRestarts',
    podJson({ containers: [running('app', { restartCount: 6, startedSecondsAgo: 100, lastState: lastTerminated({ exitCode: 1, reason: 'Error', finishedSecondsAgo: 101 }) })] }),
    [{ container: 'app', reason: 'RapidRestarts', message: 'container "app" restarted 6 times, last exit 1 (Error) 101s ago' }],
  ],
  [
    'OOMKilled, running again after rapid OOM kills',
    podJson({ containers: [running('app', { restartCount: 5, startedSecondsAgo: 40, lastState: lastTerminated({ exitCode: 137, reason: 'OOMKilled', finishedSecondsAgo: 41 }) })] }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 5 restarts)' }],
  ],
  [
    'CreateContainerError: stuck in ContainerCreating past its grace',
    podJson({ phase: 'Pending', createdSecondsAgo: 900, containers: [waiting('app', 'ContainerCreating', undefined), waiting('proxy', 'ContainerCreating', undefined)] }),
    [{ container: 'app', reason: 'CreateContainerError', message: 'container "app" stuck in ContainerCreating for 14m' }],
  ],
];

const HEALTHY: Array<[label: string, pod: Record<string, unknown>]> = [
  ['a healthy running pod', podJson({ containers: [running('app'), running('proxy', { image: 'envoyproxy/envoy:v1.30.1' })] })],
  [
    'a Succeeded Job pod',
    podJson({ owner: { kind: 'Job', name: 'report-28571520' }, phase: 'Succeeded', restartPolicy: 'Never', containers: [terminated('report', { exitCode: 0, reason: 'Completed' })] }),
  ],
  ['completed init containers', podJson({ initContainers: [terminated('migrate', { exitCode: 0, reason: 'Completed', finishedSecondsAgo: 7000 })], containers: [running('app')] })],
  ['a native sidecar running next to the app', podJson({ initContainers: [running('log-shipper')], sidecars: ['log-shipper'], containers: [running('app')] })],
  ['a young ContainerCreating pod', podJson({ phase: 'Pending', createdSecondsAgo: 30, containers: [waiting('app', 'ContainerCreating', undefined)] })],
  ['a young PodInitializing pod', podJson({ phase: 'Pending', createdSecondsAgo: 30, initContainers: [running('migrate')], containers: [waiting('app', 'PodInitializing', undefined)] })],
  ['a crash-looping pod being deleted', podJson({ deletionTimestamp: ago(5), containers: [crashLoop(9, { exitCode: 1, reason: 'Error' })] })],
  [
    'an Unschedulable pod within its grace',
    podJson({ phase: 'Pending', nodeName: null, containers: [], createdSecondsAgo: 60, conditions: [condition('PodScheduled', 'False', 60, 'Unschedulable', '0/3 nodes are available: 3 Insufficient cpu.')] }),
  ],
  [
    'a NotReady container within its grace',
    podJson({ containers: [running('app', { ready: false, startedSecondsAgo: 60 })], conditions: [condition('Ready', 'False', 60, 'ContainersNotReady'), condition('PodScheduled', 'True', 7200)] }),
  ],
  [
    'a NotReady container that only just restarted',
    podJson({ containers: [running('app', { ready: false, startedSecondsAgo: 30, restartCount: 1, lastState: lastTerminated({ exitCode: 0, reason: 'Completed', finishedSecondsAgo: 31 }) })], conditions: [condition('Ready', 'False', 3600, 'ContainersNotReady')] }),
  ],
  ['many restarts, the last one long ago', podJson({ containers: [running('app', { restartCount: 12, startedSecondsAgo: 86_400, lastState: lastTerminated({ exitCode: 1, reason: 'Error', finishedSecondsAgo: 86_401 }) })] })],
  ['a container that exited non-zero and is about to restart', podJson({ containers: [terminated('app', { exitCode: 1, reason: 'Error', finishedSecondsAgo: 1 }, { restartCount: 1 })] })],
  [
    'a replica failed by a node shutdown',
    podJson({ phase: 'Failed', reason: 'Terminated', message: 'Pod was terminated in response to imminent node shutdown.', containers: [terminated('app', { exitCode: 143, reason: 'Error' })] }),
  ],
];

describe('classifyPod', () => {
  it('has a table row for every reason', () => {
    const covered = new Set(FINDINGS.flatMap(([, , expected]) => expected.map((e) => e.reason)));

    expect([...covered].sort()).toEqual([...REASONS].sort());
  });

  it.each(FINDINGS)('reports %s', (_label, raw, expected) => {
    const pod = parsePod(raw);

    const findings = classifyPod(pod, NOW);

    expect(findings.map(({ container, reason, message }) => ({ container, reason, message }))).toEqual(
      expected.map((e) => ({ container: e.container, reason: e.reason, message: e.message ?? expect.any(String) })),
    );
  });

  it.each(HEALTHY)('does not flag %s', (_label, raw) => {
    const pod = parsePod(raw);

    const findings = classifyPod(pod, NOW);

    expect(findings).toEqual([]);
  });

  it.each([...FINDINGS.map(([label, raw]) => [label, raw] as const), ...HEALTHY])('gives the same result for Date timestamps: %s', (_label, raw) => {
    const fromJson = parsePod(JSON.parse(JSON.stringify(raw)));
    const fromClient = parsePod(withDates(raw));

    const a = classifyPod(fromJson, NOW);
    const b = classifyPod(fromClient, NOW);

    expect(b).toEqual(a);
  });

  it('reports OOMKilled instead of CrashLoopBackOff, once', () => {
    const pod = parsePod(podJson({ containers: [crashLoop(5, { exitCode: 137, reason: 'OOMKilled' })] }));

    const findings = classifyPod(pod, NOW);

    expect(findings).toEqual([
      {
        namespace: 'shop',
        pod: 'api-7d9f8b6c5d-x2x7q',
        podUid: pod.metadata.uid,
        container: 'app',
        reason: 'OOMKilled',
        message: 'container "app" was OOMKilled (exit 137, 5 restarts)',
        restarts: 5,
        owner: { kind: 'ReplicaSet', name: 'api-7d9f8b6c5d' },
        exitCode: 137,
      },
    ]);
  });

  it('reports one finding per failing container, and the pod itself as owner of a bare pod', () => {
    const pod = parsePod(
      podJson({ owner: null, name: 'scratch', containers: [crashLoop(3, { exitCode: 1, reason: 'Error' }), waiting('sidecar', 'ImagePullBackOff', 'Back-off pulling image "envoy:nope"')] }),
    );

    const findings = classifyPod(pod, NOW);

    expect(findings.map((f) => [f.container, f.reason, f.owner])).toEqual([
      ['app', 'CrashLoopBackOff', { kind: 'Pod', name: 'scratch' }],
      ['sidecar', 'ImagePullBackOff', { kind: 'Pod', name: 'scratch' }],
    ]);
  });

  it('uses events for detail when the status has none', () => {
    const raw = podJson({ containers: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/shop/api:1.4.3"')] });
    const events = parsePodEvents({
      kind: 'EventList',
      items: [
        eventJson(raw, { reason: 'Failed', message: 'Failed to pull image "registry.example.com/shop/api:1.4.3": not found', fieldPath: 'spec.containers{app}', count: 4 }),
        eventJson(raw, { reason: 'BackOff', message: 'Back-off pulling image', fieldPath: 'spec.containers{app}' }),
      ],
    });

    const [finding] = classifyPod(parsePod(raw), NOW, DEFAULT_THRESHOLDS, events);

    expect(finding?.message).toBe('cannot pull image "registry.example.com/shop/api:1.4.2" for container "app": Failed to pull image "registry.example.com/shop/api:1.4.3": not found');
  });

  it('falls back to the FailedScheduling event when the condition has no message', () => {
    const raw = podJson({ phase: 'Pending', nodeName: null, containers: [], createdSecondsAgo: 300, conditions: [condition('PodScheduled', 'False', 300, 'Unschedulable')] });
    const events = parsePodEvents({ kind: 'List', items: [eventJson(raw, { reason: 'FailedScheduling', message: '0/5 nodes are available: 5 node(s) had untolerated taint {dedicated: gpu}.' })] });

    const [finding] = classifyPod(parsePod(raw), NOW, DEFAULT_THRESHOLDS, events);

    expect(finding?.message).toBe('pod unschedulable for 5m: 0/5 nodes are available: 5 node(s) had untolerated taint {dedicated: gpu}.');
  });

  it('redacts secrets quoted from the cluster into messages', () => {
    const pod = parsePod(podJson({ containers: [crashLoop(2, { exitCode: 1, reason: 'Error', message: 'cannot connect to postgres://app:s3cr3t-pw@db:5432/shop' })] }));

    const [finding] = classifyPod(pod, NOW);

    expect(finding?.message).toBe('back-off restarting failed container "app" (exit 1, 2 restarts): cannot connect to postgres://app:[REDACTED]@db:5432/shop');
  });

  it('reads thresholds from its argument', () => {
    const pod = parsePod(podJson({ containers: [running('app', { ready: false, startedSecondsAgo: 60 })], conditions: [condition('Ready', 'False', 60)] }));

    const findings = classifyPod(pod, NOW, { ...DEFAULT_THRESHOLDS, notReadyGraceSeconds: 30 });

    expect(findings.map((f) => f.reason)).toEqual(['NotReady']);
  });
});

describe('classifyPods', () => {
  it('classifies a whole `kubectl get pods -A -o json` listing', () => {
    const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [podJson(), ...FINDINGS.slice(0, 3).map(([, raw]) => raw)] };

    const findings = classifyPods(parsePodList(list), NOW);

    expect(findings.map((f) => f.reason)).toEqual(['CrashLoopBackOff', 'OOMKilled', 'OOMKilled']);
  });
});

describe('parsePodList', () => {
  it('reads a List, skipping items that are not pods', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [podJson(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' } }] };

    const pods = parsePodList(list);

    expect(pods.map((p) => p.metadata.name)).toEqual(['api-7d9f8b6c5d-x2x7q']);
  });

  it('reads a PodList whose items carry no kind, as the typed client returns them', () => {
    const { kind: _kind, apiVersion: _v, ...item } = podJson({ owner: null, name: 'solo' });
    const list = withDates({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '48213377' }, items: [item] });

    const pods = parsePodList(list);

    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.creationTimestamp).toBe(NOW - 7200 * 1000);
  });

  it('reads a single Pod', () => {
    const pods = parsePodList(podJson({ owner: null, name: 'solo' }));

    expect(pods.map((p) => p.metadata.name)).toEqual(['solo']);
  });

  it.each([
    ['an unknown kind', { kind: 'Nope' }, /expected a Pod, PodList or List .* got kind "Nope"/],
    ['a number', 42, /got a number/],
    ['null', null, /got null/],
    ['a malformed item', { kind: 'List', items: [podJson(), { kind: 'Pod', metadata: { name: 'x' }, status: { containerStatuses: [{ name: 'app', restartCount: 'seven' }] } }] }, /items\[1\]\.status\.containerStatuses\[0\]\.restartCount/],
    ['a bad timestamp', { kind: 'Pod', metadata: { name: 'x', creationTimestamp: 'yesterday' } }, /metadata\.creationTimestamp: expected an RFC 3339 timestamp/],
  ])('rejects %s with INPUT_INVALID naming the problem', (_label, raw, message) => {
    const attempt = () => parsePodList(raw);

    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
