// A `kubectl get pods -A -o json` document as kubectl prints it: a List of Pods with string timestamps.
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(
  namespace: string,
  name: string,
  owner: { kind: string; name: string } | null,
  status: Record<string, unknown>,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      creationTimestamp: minutesAgo(30),
      labels,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: owner.kind,
                name: owner.name,
                uid: `uid-${owner.name}`,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: { containers: [{ name: 'app', image: 'example/app:1.2' }], restartPolicy: 'Always', nodeName: 'node-1' },
    status,
  };
}

const ready = (value: boolean) => [
  { type: 'PodScheduled', status: 'True', lastTransitionTime: minutesAgo(30) },
  { type: 'Initialized', status: 'True', lastTransitionTime: minutesAgo(30) },
  { type: 'ContainersReady', status: value ? 'True' : 'False', lastTransitionTime: minutesAgo(20) },
  { type: 'Ready', status: value ? 'True' : 'False', lastTransitionTime: minutesAgo(20) },
];

export function kubectlPodList() {
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: [
      pod(
        'shop',
        'api-7d9f8b6c5d-x2x4q',
        { kind: 'ReplicaSet', name: 'api-7d9f8b6c5d' },
        {
          phase: 'Running',
          startTime: minutesAgo(30),
          conditions: ready(false),
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              started: false,
              restartCount: 7,
              image: 'example/app:1.2',
              imageID: 'sha256:abc',
              state: {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: 'back-off 5m0s restarting failed container=app pod=api-7d9f8b6c5d-x2x4q_shop',
                },
              },
              lastState: {
                terminated: { exitCode: 1, reason: 'Error', startedAt: minutesAgo(3), finishedAt: minutesAgo(2) },
              },
            },
          ],
        },
        { app: 'api', 'pod-template-hash': '7d9f8b6c5d' },
      ),
      pod(
        'shop',
        'worker-0',
        { kind: 'StatefulSet', name: 'worker' },
        {
          phase: 'Running',
          startTime: minutesAgo(30),
          conditions: ready(false),
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              started: false,
              restartCount: 4,
              image: 'example/app:1.2',
              imageID: 'sha256:abc',
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
              lastState: {
                terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: minutesAgo(3), finishedAt: minutesAgo(2) },
              },
            },
          ],
        },
      ),
      pod(
        'shop',
        'web-5f6d7c8b9-abcde',
        { kind: 'ReplicaSet', name: 'web-5f6d7c8b9' },
        {
          phase: 'Running',
          startTime: minutesAgo(30),
          conditions: ready(true),
          containerStatuses: [
            {
              name: 'app',
              ready: true,
              started: true,
              restartCount: 0,
              image: 'example/app:1.2',
              imageID: 'sha256:abc',
              state: { running: { startedAt: minutesAgo(29) } },
              lastState: {},
            },
          ],
        },
        { app: 'web', 'pod-template-hash': '5f6d7c8b9' },
      ),
    ],
  };
}
