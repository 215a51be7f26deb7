import { describe, expect, it, vi } from 'vitest';
import { REASONS } from '../../src/core/index.js';
import { parsePod, parsePodEvents, parsePodList } from '../../src/core/pod.js';
import { classifyPod, classifyPods } from '../../src/detector/classify.js';
import { DEFAULT_THRESHOLDS } from '../../src/detector/index.js';
import {
  ago,
  condition,
  eventJson,
  lastTerminated,
  NOW,
  podJson,
  running,
  terminated,
  waiting,
  withDates,
} from './fixtures.js';
import { healthyFixtures, podFixture } from './pod-fixtures.js';

type Row = [
  label: string,
  pod: Record<string, unknown>,
  expected: Array<{ container: string | null; reason: string; message?: unknown }>,
];

const crashLoop = (restartCount: number, last: Parameters<typeof lastTerminated>[0]) =>
  waiting('app', 'CrashLoopBackOff', 'back-off 5m0s restarting failed container=app pod=api-7d9f8b6c5d-x2x7q_shop(…)', {
    restartCount,
    lastState: lastTerminated(last),
  });

const FINDINGS: Row[] = [
  [
    'CrashLoopBackOff',
    podJson({ containers: [crashLoop(7, { exitCode: 1, reason: 'Error' })] }),
    [
      {
        container: 'app',
        reason: 'CrashLoopBackOff',
        message: 'back-off restarting failed container "app" (exit 1, 7 restarts)',
      },
    ],
  ],
  [
    'OOMKilled behind a CrashLoopBackOff',
    podJson({ containers: [crashLoop(4, { exitCode: 137, reason: 'OOMKilled' })] }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 4 restarts)' }],
  ],
  [
    'OOMKilled, terminated between restarts',
    podJson({
      containers: [
        terminated('app', { exitCode: 137, reason: 'OOMKilled', finishedSecondsAgo: 2 }, { restartCount: 3 }),
      ],
    }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 3 restarts)' }],
  ],
  [
    'ImagePullBackOff',
    podJson({
      containers: [
        waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/shop/api:1.4.3"', {
          image: 'registry.example.com/shop/api:1.4.3',
        }),
      ],
    }),
    [
      {
        container: 'app',
        reason: 'ImagePullBackOff',
        message:
          'cannot pull image "registry.example.com/shop/api:1.4.3" for container "app": Back-off pulling image "registry.example.com/shop/api:1.4.3"',
      },
    ],
  ],
  [
    'ErrImagePull',
    podJson({
      containers: [
        waiting('app', 'ErrImagePull', 'rpc error: code = NotFound desc = failed to pull and unpack image: not found'),
      ],
    }),
    [{ container: 'app', reason: 'ErrImagePull' }],
  ],
  [
    'InvalidImageName',
    podJson({
      containers: [
        waiting(
          'app',
          'InvalidImageName',
          'Failed to apply default image tag "api:": couldn\'t parse image reference "api:": invalid reference format',
          { image: 'api:' },
        ),
      ],
    }),
    [
      {
        container: 'app',
        reason: 'InvalidImageName',
        message:
          'invalid image name "api:" for container "app": Failed to apply default image tag "api:": couldn\'t parse image reference "api:": invalid reference format',
      },
    ],
  ],
  [
    'CreateContainerConfigError',
    podJson({ containers: [waiting('app', 'CreateContainerConfigError', 'secret "db-credentials" not found')] }),
    [
      {
        container: 'app',
        reason: 'CreateContainerConfigError',
        message: 'cannot create container "app": secret "db-credentials" not found',
      },
    ],
  ],
  [
    'CreateContainerError',
    podJson({
      containers: [
        waiting(
          'app',
          'CreateContainerError',
          'failed to generate container spec: failed to mkdir "/data": permission denied',
        ),
      ],
    }),
    [{ container: 'app', reason: 'CreateContainerError' }],
  ],
  [
    'RunContainerError',
    podJson({
      containers: [
        waiting(
          'app',
          'RunContainerError',
          'failed to create containerd task: exec: "/srv/run.sh": stat /srv/run.sh: no such file or directory',
          {
            restartCount: 2,
            lastState: lastTerminated({ exitCode: 128, reason: 'StartError' }),
          },
        ),
      ],
    }),
    [
      {
        container: 'app',
        reason: 'RunContainerError',
        message:
          'cannot start container "app": failed to create containerd task: exec: "/srv/run.sh": stat /srv/run.sh: no such file or directory',
      },
    ],
  ],
  [
    'Unschedulable past its grace',
    podJson({
      phase: 'Pending',
      nodeName: null,
      containers: [],
      createdSecondsAgo: 600,
      conditions: [
        condition(
          'PodScheduled',
          'False',
          600,
          'Unschedulable',
          '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        ),
      ],
    }),
    [
      {
        container: null,
        reason: 'Unschedulable',
        message:
          'pod unschedulable for 10m: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      },
    ],
  ],
  [
    'Evicted',
    podJson({
      phase: 'Failed',
      reason: 'Evicted',
      message:
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi. Container app was using 912Mi, which exceeds its request of 128Mi. ',
      containers: [
        terminated('app', {
          exitCode: 137,
          reason: 'ContainerStatusUnknown',
          message: 'The container could not be located when the pod was terminated',
        }),
      ],
    }),
    [
      {
        container: null,
        reason: 'Evicted',
        message:
          'pod evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi. Container app was using 912Mi, which exceeds its request of 128Mi.',
      },
    ],
  ],
  [
    'InitContainerFailed (Init:Error)',
    podJson({
      phase: 'Pending',
      initContainers: [
        terminated(
          'migrate',
          { exitCode: 1, reason: 'Error', message: 'relation "orders" already exists' },
          { restartCount: 2 },
        ),
      ],
      containers: [waiting('app', 'PodInitializing', undefined)],
    }),
    [
      {
        container: 'migrate',
        reason: 'InitContainerFailed',
        message: 'init container "migrate" failed (exit 1, 2 restarts): relation "orders" already exists',
      },
    ],
  ],
  [
    'InitContainerFailed (Init:CrashLoopBackOff)',
    podJson({
      phase: 'Pending',
      initContainers: [
        waiting('migrate', 'CrashLoopBackOff', 'back-off 40s restarting failed container=migrate', {
          restartCount: 4,
          lastState: lastTerminated({ exitCode: 2, reason: 'Error' }),
        }),
      ],
      containers: [waiting('app', 'PodInitializing', undefined)],
    }),
    [
      {
        container: 'migrate',
        reason: 'InitContainerFailed',
        message: 'init container "migrate" failed (exit 2, 4 restarts)',
      },
    ],
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
    [
      {
        container: 'report',
        reason: 'Error',
        message: 'container "report" exited with code 2 and will not be restarted: Error',
      },
    ],
  ],
  [
    'Error: a bare pod with restartPolicy OnFailure that failed',
    podJson({
      owner: null,
      name: 'debug-shell',
      phase: 'Failed',
      restartPolicy: 'OnFailure',
      containers: [terminated('shell', { exitCode: 126, reason: 'Error' }, { restartCount: 6 })],
    }),
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
    [
      {
        container: null,
        reason: 'Error',
        message: 'pod failed: DeadlineExceeded: Pod was active on the node longer than the specified deadline',
      },
    ],
  ],
  [
    'NotReady past its grace',
    podJson({
      containers: [running('app', { ready: false, startedSecondsAgo: 3600 })],
      conditions: [
        condition('Ready', 'False', 900, 'ContainersNotReady', 'containers with unready status: [app]'),
        condition('PodScheduled', 'True', 7200),
      ],
    }),
    [{ container: 'app', reason: 'NotReady', message: 'container "app" running but not ready for 15m (0 restarts)' }],
  ],
  [
    'RapidRestarts',
    podJson({
      containers: [
        running('app', {
          restartCount: 6,
          startedSecondsAgo: 100,
          lastState: lastTerminated({ exitCode: 1, reason: 'Error', finishedSecondsAgo: 101 }),
        }),
      ],
    }),
    [
      {
        container: 'app',
        reason: 'RapidRestarts',
        message: 'container "app" restarted 6 times, last exit 1 (Error) 101s ago',
      },
    ],
  ],
  [
    'OOMKilled, running again after rapid OOM kills',
    podJson({
      containers: [
        running('app', {
          restartCount: 5,
          startedSecondsAgo: 40,
          lastState: lastTerminated({ exitCode: 137, reason: 'OOMKilled', finishedSecondsAgo: 41 }),
        }),
      ],
    }),
    [{ container: 'app', reason: 'OOMKilled', message: 'container "app" was OOMKilled (exit 137, 5 restarts)' }],
  ],
  [
    'CreateContainerError: stuck in ContainerCreating past its grace',
    podJson({
      phase: 'Pending',
      createdSecondsAgo: 900,
      containers: [waiting('app', 'ContainerCreating', undefined), waiting('proxy', 'ContainerCreating', undefined)],
    }),
    [
      {
        container: 'app',
        reason: 'CreateContainerError',
        message: 'container "app" stuck in ContainerCreating for 14m',
      },
    ],
  ],
  [
    'NodeShutdown: a replica failed by a node shutdown',
    podJson({
      phase: 'Failed',
      reason: 'Terminated',
      message: 'Pod was terminated in response to imminent node shutdown.',
      containers: [terminated('app', { exitCode: 143, reason: 'Error' })],
    }),
    [
      {
        container: null,
        reason: 'NodeShutdown',
        message:
          'pod stopped by the shutdown of node "worker-2": Pod was terminated in response to imminent node shutdown.',
      },
    ],
  ],
  [
    "PodRejected: a bare pod, as for a controller's",
    podJson({
      owner: null,
      name: 'batch-shell',
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3100, capacity: 4000",
      containers: [],
    }),
    [
      {
        container: null,
        reason: 'PodRejected',
        message:
          'node "worker-2" rejected the pod (OutOfcpu): Pod was rejected: Node didn\'t have enough resource: cpu, requested: 2000, used: 3100, capacity: 4000',
      },
    ],
  ],
  [
    "Error: a controller's pod failed for a reason without a name of its own",
    podJson({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
      containers: [terminated('app', { exitCode: 137, reason: 'Error' })],
    }),
    [
      {
        container: null,
        reason: 'Error',
        message: 'pod failed: DeadlineExceeded: Pod was active on the node longer than the specified deadline',
      },
    ],
  ],
];

/** Issue 16: pod states seen on real clusters, written as `kubectl get pod -o json` prints them (test/detector/pods/). */
const FROM_CLUSTERS: Array<[file: string, expected: Row[2]]> = [
  [
    'succeeded-oomkilled',
    [{ container: 'export', reason: 'OOMKilled', message: 'container "export" was OOMKilled (exit 0, 0 restarts)' }],
  ],
  [
    'failed-outofcpu',
    [
      {
        container: null,
        reason: 'PodRejected',
        message:
          'node "worker-4" rejected the pod (OutOfcpu): Pod was rejected: Node didn\'t have enough resource: cpu, requested: 500, used: 3750, capacity: 4000',
      },
    ],
  ],
  ['failed-outofmemory', [{ container: null, reason: 'PodRejected' }]],
  [
    'failed-unexpected-admission',
    [
      {
        container: null,
        reason: 'PodRejected',
        message:
          'node "gpu-1" rejected the pod (UnexpectedAdmissionError): Pod was rejected: Allocate failed due to no healthy devices present; cannot allocate unhealthy devices nvidia.com/gpu, which is unexpected',
      },
    ],
  ],
  [
    'failed-node-affinity',
    [
      {
        container: null,
        reason: 'PodRejected',
        message:
          'node "worker-6" rejected the pod (NodeAffinity): Pod was rejected: Predicate NodeAffinity failed: node(s) didn\'t match Pod\'s node affinity/selector',
      },
    ],
  ],
  [
    'failed-node-shutdown',
    [
      {
        container: null,
        reason: 'NodeShutdown',
        message:
          'pod stopped by the shutdown of node "worker-3": Pod was terminated in response to imminent node shutdown.',
      },
    ],
  ],
  [
    'failed-node-shutdown-legacy',
    [
      {
        container: null,
        reason: 'NodeShutdown',
        message: 'pod stopped by the shutdown of node "worker-7": Shutdown manager detected shutdown event',
      },
    ],
  ],
  [
    'waiting-poststarthook',
    [
      {
        container: 'app',
        reason: 'RunContainerError',
        message: expect.stringMatching(
          /^cannot start container "app" \(PostStartHookError\): Exec lifecycle hook \(\[\/bin\/sh -c \/opt\/app\/register\.sh\]\)/,
        ),
      },
    ],
  ],
  [
    'waiting-prestarthook',
    [
      {
        container: 'server',
        reason: 'RunContainerError',
        message: expect.stringMatching(
          /^cannot start container "server" \(PreStartHookError\): Internal PreStartContainer hook failed/,
        ),
      },
    ],
  ],
  [
    'waiting-errimageneverpull',
    [
      {
        container: 'app',
        reason: 'ErrImagePull',
        message:
          'cannot use image "registry.example.com/shop/api:1.4.3" for container "app" (ErrImageNeverPull): Container image "registry.example.com/shop/api:1.4.3" is not present with pull policy of Never',
      },
    ],
  ],
  [
    'waiting-registry-unavailable',
    [
      {
        container: 'web',
        reason: 'ErrImagePull',
        message: expect.stringMatching(
          /^cannot use image "registry\.example\.com\/shop\/web:2\.0\.1" for container "web" \(RegistryUnavailable\): /,
        ),
      },
    ],
  ],
  [
    'waiting-image-inspect-error',
    [
      {
        container: 'worker',
        reason: 'ErrImagePull',
        message: expect.stringMatching(/ \(ImageInspectError\): Failed to inspect image/),
      },
    ],
  ],
  [
    'waiting-unknown-reason',
    [
      {
        container: 'app',
        reason: 'ContainerWaiting',
        message:
          'container "app" waiting for 19m: ContainerBlocked: waiting for the runtime to release the container name',
      },
    ],
  ],
  [
    'restarts-laststate-gone',
    [
      {
        container: 'consumer',
        reason: 'RapidRestarts',
        message: 'container "consumer" restarted 9 times, running again for 90s',
      },
    ],
  ],
  [
    'restarts-container-status-unknown',
    [
      {
        container: 'app',
        reason: 'RapidRestarts',
        message: 'container "app" restarted 6 times, last exit 137 (ContainerStatusUnknown), running again for 4m',
      },
    ],
  ],
  [
    'terminating-stuck',
    [
      {
        container: null,
        reason: 'StuckTerminating',
        message: 'pod still terminating 25m after its deletion deadline (still running: "app")',
      },
    ],
  ],
  [
    'terminating-finalizer',
    [
      {
        container: null,
        reason: 'StuckTerminating',
        message: 'pod still terminating 2h after its deletion deadline (no container is running)',
      },
    ],
  ],
  [
    'node-lost-reason',
    [
      {
        container: null,
        reason: 'NodeLost',
        message: 'node "worker-8" is lost: Node worker-8 which was running pod api-7d9f8b6c5d-q1w2e is unresponsive',
      },
    ],
  ],
  [
    'node-lost-not-ready',
    [
      {
        container: null,
        reason: 'NodeLost',
        message:
          'node "worker-9" stopped reporting: pod marked not ready for 9m while its containers last reported ready',
      },
    ],
  ],
  [
    'node-lost-terminating',
    [
      {
        container: null,
        reason: 'NodeLost',
        message:
          'node "worker-9" stopped reporting: pod marked not ready for 35m while its containers last reported ready',
      },
    ],
  ],
  [
    'node-lost-phase-unknown',
    [{ container: null, reason: 'NodeLost', message: 'pod phase Unknown: node "edge-node-12" is not reporting' }],
  ],
];
FINDINGS.push(...FROM_CLUSTERS.map(([file, expected]) => [`pods/${file}.json`, podFixture(file), expected] as Row));

const HEALTHY: Array<[label: string, pod: Record<string, unknown>]> = [
  [
    'a healthy running pod',
    podJson({ containers: [running('app'), running('proxy', { image: 'envoyproxy/envoy:v1.30.1' })] }),
  ],
  [
    'a Succeeded Job pod',
    podJson({
      owner: { kind: 'Job', name: 'report-28571520' },
      phase: 'Succeeded',
      restartPolicy: 'Never',
      containers: [terminated('report', { exitCode: 0, reason: 'Completed' })],
    }),
  ],
  [
    'completed init containers',
    podJson({
      initContainers: [terminated('migrate', { exitCode: 0, reason: 'Completed', finishedSecondsAgo: 7000 })],
      containers: [running('app')],
    }),
  ],
  [
    'a native sidecar running next to the app',
    podJson({ initContainers: [running('log-shipper')], sidecars: ['log-shipper'], containers: [running('app')] }),
  ],
  [
    'a young ContainerCreating pod',
    podJson({ phase: 'Pending', createdSecondsAgo: 30, containers: [waiting('app', 'ContainerCreating', undefined)] }),
  ],
  [
    'a young PodInitializing pod',
    podJson({
      phase: 'Pending',
      createdSecondsAgo: 30,
      initContainers: [running('migrate')],
      containers: [waiting('app', 'PodInitializing', undefined)],
    }),
  ],
  [
    'a crash-looping pod being deleted',
    podJson({ deletionTimestamp: ago(5), containers: [crashLoop(9, { exitCode: 1, reason: 'Error' })] }),
  ],
  [
    'an Unschedulable pod within its grace',
    podJson({
      phase: 'Pending',
      nodeName: null,
      containers: [],
      createdSecondsAgo: 60,
      conditions: [
        condition('PodScheduled', 'False', 60, 'Unschedulable', '0/3 nodes are available: 3 Insufficient cpu.'),
      ],
    }),
  ],
  [
    'a NotReady container within its grace',
    podJson({
      containers: [running('app', { ready: false, startedSecondsAgo: 60 })],
      conditions: [condition('Ready', 'False', 60, 'ContainersNotReady'), condition('PodScheduled', 'True', 7200)],
    }),
  ],
  [
    'a NotReady container that only just restarted',
    podJson({
      containers: [
        running('app', {
          ready: false,
          startedSecondsAgo: 30,
          restartCount: 1,
          lastState: lastTerminated({ exitCode: 0, reason: 'Completed', finishedSecondsAgo: 31 }),
        }),
      ],
      conditions: [condition('Ready', 'False', 3600, 'ContainersNotReady')],
    }),
  ],
  [
    'many restarts, the last one long ago',
    podJson({
      containers: [
        running('app', {
          restartCount: 12,
          startedSecondsAgo: 86_400,
          lastState: lastTerminated({ exitCode: 1, reason: 'Error', finishedSecondsAgo: 86_401 }),
        }),
      ],
    }),
  ],
  [
    'a container that exited non-zero and is about to restart',
    podJson({
      containers: [terminated('app', { exitCode: 1, reason: 'Error', finishedSecondsAgo: 1 }, { restartCount: 1 })],
    }),
  ],
  [
    "a container not ready while the pod's Ready condition is True",
    podJson({
      containers: [running('app', { ready: false, startedSecondsAgo: 3600 })],
      conditions: [condition('Ready', 'True', 3000), condition('PodScheduled', 'True', 7200)],
    }),
  ],
  ...healthyFixtures().map(([name, pod]) => [`pods/healthy/${name}.json`, pod] as [string, Record<string, unknown>]),
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

  it.each([...FINDINGS.map(([label, raw]) => [label, raw] as const), ...HEALTHY])(
    'gives the same result for Date timestamps: %s',
    (_label, raw) => {
      const fromJson = parsePod(JSON.parse(JSON.stringify(raw)));
      const fromClient = parsePod(withDates(raw));

      const a = classifyPod(fromJson, NOW);
      const b = classifyPod(fromClient, NOW);

      expect(b).toEqual(a);
    },
  );

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
      podJson({
        owner: null,
        name: 'scratch',
        containers: [
          crashLoop(3, { exitCode: 1, reason: 'Error' }),
          waiting('sidecar', 'ImagePullBackOff', 'Back-off pulling image "envoy:nope"'),
        ],
      }),
    );

    const findings = classifyPod(pod, NOW);

    expect(findings.map((f) => [f.container, f.reason, f.owner])).toEqual([
      ['app', 'CrashLoopBackOff', { kind: 'Pod', name: 'scratch' }],
      ['sidecar', 'ImagePullBackOff', { kind: 'Pod', name: 'scratch' }],
    ]);
  });

  it('uses events for detail when the status has none', () => {
    const raw = podJson({
      containers: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/shop/api:1.4.3"')],
    });
    const events = parsePodEvents({
      kind: 'EventList',
      items: [
        eventJson(raw, {
          reason: 'Failed',
          message: 'Failed to pull image "registry.example.com/shop/api:1.4.3": not found',
          fieldPath: 'spec.containers{app}',
          count: 4,
        }),
        eventJson(raw, { reason: 'BackOff', message: 'Back-off pulling image', fieldPath: 'spec.containers{app}' }),
      ],
    });

    const [finding] = classifyPod(parsePod(raw), NOW, DEFAULT_THRESHOLDS, events);

    expect(finding?.message).toBe(
      'cannot pull image "registry.example.com/shop/api:1.4.2" for container "app": Failed to pull image "registry.example.com/shop/api:1.4.3": not found',
    );
  });

  it('falls back to the FailedScheduling event when the condition has no message', () => {
    const raw = podJson({
      phase: 'Pending',
      nodeName: null,
      containers: [],
      createdSecondsAgo: 300,
      conditions: [condition('PodScheduled', 'False', 300, 'Unschedulable')],
    });
    const events = parsePodEvents({
      kind: 'List',
      items: [
        eventJson(raw, {
          reason: 'FailedScheduling',
          message: '0/5 nodes are available: 5 node(s) had untolerated taint {dedicated: gpu}.',
        }),
      ],
    });

    const [finding] = classifyPod(parsePod(raw), NOW, DEFAULT_THRESHOLDS, events);

    expect(finding?.message).toBe(
      'pod unschedulable for 5m: 0/5 nodes are available: 5 node(s) had untolerated taint {dedicated: gpu}.',
    );
  });

  it('redacts secrets quoted from the cluster into messages', () => {
    const pod = parsePod(
      podJson({
        containers: [
          crashLoop(2, {
            exitCode: 1,
            reason: 'Error',
            message: 'cannot connect to postgres://app:s3cr3t-pw@db:5432/shop',
          }),
        ],
      }),
    );

    const [finding] = classifyPod(pod, NOW);

    expect(finding?.message).toBe(
      'back-off restarting failed container "app" (exit 1, 2 restarts): cannot connect to postgres://app:[REDACTED]@db:5432/shop',
    );
  });

  it('reads thresholds from its argument', () => {
    const pod = parsePod(
      podJson({
        containers: [running('app', { ready: false, startedSecondsAgo: 60 })],
        conditions: [condition('Ready', 'False', 60)],
      }),
    );

    const findings = classifyPod(pod, NOW, { ...DEFAULT_THRESHOLDS, notReadyGraceSeconds: 30 });

    expect(findings.map((f) => f.reason)).toEqual(['NotReady']);
  });

  it('reads the stuck-terminating grace from its argument, and the clock only from `now`', () => {
    const pod = parsePod(podFixture('healthy/terminating-just-past-deadline'));
    const clock = vi.spyOn(Date, 'now');

    const byDefault = classifyPod(pod, NOW);
    const shorter = classifyPod(pod, NOW, { ...DEFAULT_THRESHOLDS, stuckTerminatingGraceSeconds: 60 });
    const later = classifyPod(pod, NOW + 10 * 60_000);

    expect(byDefault).toEqual([]);
    expect(shorter.map((f) => f.reason)).toEqual(['StuckTerminating']);
    expect(later.map((f) => f.message)).toEqual([
      'pod still terminating 12m after its deletion deadline (still running: "app")',
    ]);
    expect(clock).not.toHaveBeenCalled();
    clock.mockRestore();
  });

  it.each([
    ['no reason (what the node controller leaves)', undefined, ['NodeLost']],
    ['reason NodeLost', 'NodeLost', ['NodeLost']],
    ['reason ReadinessGatesNotReady (the kubelet: a gate, not the node)', 'ReadinessGatesNotReady', []],
  ])('reads Ready=False over ready containers as a lost node with %s', (_label, reason, expected) => {
    const raw = podFixture('node-lost-not-ready') as { status: { conditions: Array<Record<string, unknown>> } };
    const ready = raw.status.conditions.find((c) => c.type === 'Ready')!;
    if (reason === undefined) delete ready.reason;
    else ready.reason = reason;

    const findings = classifyPod(parsePod(raw), NOW);

    expect(findings.map((f) => f.reason)).toEqual(expected);
  });

  it("quotes the node controller's NodeNotReady event for a lost node", () => {
    const raw = podFixture('node-lost-not-ready');
    const events = parsePodEvents({
      kind: 'List',
      items: [eventJson(raw, { reason: 'NodeNotReady', message: 'Node is not ready', lastSeenSecondsAgo: 540 })],
    });

    const [finding] = classifyPod(parsePod(raw), NOW, DEFAULT_THRESHOLDS, events);

    expect(finding?.message).toBe(
      'node "worker-9" stopped reporting: pod marked not ready for 9m while its containers last reported ready: Node is not ready',
    );
  });

  it('ignores a status for a container the spec does not declare, even a crash-looping one', () => {
    const raw = podFixture('healthy/virtual-kubelet-extra-status') as {
      status: { containerStatuses: Array<Record<string, unknown>> };
    };
    const injected = raw.status.containerStatuses.find((cs) => cs.name === 'vk-agent')!;
    injected.state = {
      waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=vk-agent' },
    };
    injected.restartCount = 12;

    const findings = classifyPod(parsePod(raw), NOW);

    expect(findings).toEqual([]);
  });

  it('reports a pod on a lost node as NodeLost, not StuckTerminating, once the taint manager has deleted it', () => {
    const pod = parsePod(podFixture('node-lost-terminating'));

    const findings = classifyPod(pod, NOW);

    expect(findings.map(({ container, reason, owner }) => ({ container, reason, owner }))).toEqual([
      { container: null, reason: 'NodeLost', owner: { kind: 'ReplicaSet', name: 'api-7d9f8b6c5d' } },
    ]);
  });
});

describe('classifyPods', () => {
  it('classifies a whole `kubectl get pods -A -o json` listing', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [podJson(), ...FINDINGS.slice(0, 3).map(([, raw]) => raw)],
    };

    const findings = classifyPods(parsePodList(list), NOW);

    expect(findings.map((f) => f.reason)).toEqual(['CrashLoopBackOff', 'OOMKilled', 'OOMKilled']);
  });
});

describe('parsePodList', () => {
  it('reads a List, skipping items that are not pods', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [podJson(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' } }],
    };

    const pods = parsePodList(list);

    expect(pods.map((p) => p.metadata.name)).toEqual(['api-7d9f8b6c5d-x2x7q']);
  });

  it('reads a PodList whose items carry no kind, as the typed client returns them', () => {
    const { kind: _kind, apiVersion: _v, ...item } = podJson({ owner: null, name: 'solo' });
    const list = withDates({
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: '48213377' },
      items: [item],
    });

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
    [
      'a malformed item',
      {
        kind: 'List',
        items: [
          podJson(),
          {
            kind: 'Pod',
            metadata: { name: 'x' },
            status: { containerStatuses: [{ name: 'app', restartCount: 'seven' }] },
          },
        ],
      },
      /items\[1\]\.status\.containerStatuses\[0\]\.restartCount/,
    ],
    [
      'a bad timestamp',
      { kind: 'Pod', metadata: { name: 'x', creationTimestamp: 'yesterday' } },
      /metadata\.creationTimestamp: expected an RFC 3339 timestamp/,
    ],
  ])('rejects %s with INPUT_INVALID naming the problem', (_label, raw, message) => {
    const attempt = () => parsePodList(raw);

    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
