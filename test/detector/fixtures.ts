// Pod and Event JSON shaped like `kubectl get -o json` output, built from a few knobs.

type Json = Record<string, unknown>;

/** The pinned clock every detector test runs at. */
export const NOW = Date.parse('2024-05-01T12:00:00Z');

/** An RFC 3339 timestamp `seconds` before NOW, the way the API server writes it. */
export const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

const hex = (seed: string, length: number): string => {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(16).slice(0, length);
};

const IMAGE = 'registry.example.com/shop/api:1.4.2';

export interface StatusOptions {
  image?: string;
  ready?: boolean;
  restartCount?: number;
  lastState?: Json;
}

function status(name: string, state: Json, o: StatusOptions, started: boolean): Json {
  const image = o.image ?? IMAGE;
  return {
    containerID: started ? `containerd://${hex(name, 64)}` : undefined,
    image,
    imageID: started ? `${image.split(':')[0]}@sha256:${hex(image, 64)}` : '',
    lastState: o.lastState ?? {},
    name,
    ready: o.ready ?? false,
    restartCount: o.restartCount ?? 0,
    started,
    state,
  };
}

export function running(name: string, o: StatusOptions & { startedSecondsAgo?: number } = {}): Json {
  return status(name, { running: { startedAt: ago(o.startedSecondsAgo ?? 3600) } }, { ready: true, ...o }, true);
}

export function waiting(name: string, reason: string, message: string | undefined, o: StatusOptions = {}): Json {
  return status(name, { waiting: message === undefined ? { reason } : { message, reason } }, o, false);
}

export interface TerminationOptions {
  exitCode: number;
  reason: string;
  message?: string;
  finishedSecondsAgo?: number;
  runSeconds?: number;
}

/** The `terminated` object of a container state. */
export function termination(o: TerminationOptions): Json {
  const finished = o.finishedSecondsAgo ?? 60;
  return {
    containerID: `containerd://${hex(String(finished), 64)}`,
    exitCode: o.exitCode,
    finishedAt: ago(finished),
    ...(o.message === undefined ? {} : { message: o.message }),
    reason: o.reason,
    startedAt: ago(finished + (o.runSeconds ?? 5)),
  };
}

export function terminated(name: string, t: TerminationOptions, o: StatusOptions = {}): Json {
  return status(name, { terminated: termination(t) }, o, false);
}

export const lastTerminated = (t: TerminationOptions): Json => ({ terminated: termination(t) });

export interface PodOptions {
  name?: string;
  namespace?: string;
  /** The controlling owner; null for a bare pod. Defaults to a Deployment's ReplicaSet. */
  owner?: { kind: string; name: string } | null;
  labels?: Record<string, string>;
  phase?: string;
  reason?: string;
  message?: string;
  createdSecondsAgo?: number;
  deletionTimestamp?: string;
  restartPolicy?: string;
  nodeName?: string | null;
  containers?: Json[];
  initContainers?: Json[];
  /** Names of init containers that are native sidecars (restartPolicy: Always). */
  sidecars?: string[];
  conditions?: Json[];
}

export function condition(
  type: string,
  status: 'True' | 'False',
  secondsAgo: number,
  reason?: string,
  message?: string,
): Json {
  return {
    lastProbeTime: null,
    lastTransitionTime: ago(secondsAgo),
    ...(message ? { message } : {}),
    ...(reason ? { reason } : {}),
    status,
    type,
  };
}

function defaultConditions(phase: string, containers: Json[], created: number): Json[] {
  if (phase === 'Pending') return [condition('PodScheduled', 'True', created - 1)];
  const ready = phase === 'Running' && containers.every((c) => c.ready === true);
  return [
    condition('PodReadyToStartContainers', 'True', created - 3),
    condition('Initialized', 'True', created - 3),
    condition(
      'Ready',
      ready ? 'True' : 'False',
      ready ? created - 8 : created - 8,
      ready ? undefined : phase === 'Running' ? 'ContainersNotReady' : 'PodCompleted',
    ),
    condition(
      'ContainersReady',
      ready ? 'True' : 'False',
      created - 8,
      ready ? undefined : phase === 'Running' ? 'ContainersNotReady' : 'PodCompleted',
    ),
    condition('PodScheduled', 'True', created - 1),
  ];
}

const containerSpec = (s: Json, restartPolicy?: string): Json => ({
  image: s.image,
  imagePullPolicy: 'IfNotPresent',
  name: s.name,
  ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
  resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  volumeMounts: [
    { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-x7k2p', readOnly: true },
  ],
});

/** A pod as `kubectl get pod -o json` prints it; by default a healthy replica of deployment "api". */
export function podJson(o: PodOptions = {}): Json {
  const hash = '7d9f8b6c5d';
  const owner = o.owner === undefined ? { kind: 'ReplicaSet', name: `api-${hash}` } : o.owner;
  const name = o.name ?? (owner?.kind === 'ReplicaSet' ? `${owner.name}-x2x7q` : 'api');
  const phase = o.phase ?? 'Running';
  const containers = o.containers ?? [running('app')];
  const initContainers = o.initContainers ?? [];
  const created = o.createdSecondsAgo ?? 7200;
  const uid = `${hex(name, 8)}-${hex(`${name}1`, 4)}-4${hex(`${name}2`, 3)}-8${hex(`${name}3`, 3)}-${hex(`${name}4`, 12)}`;
  const status: Json = {
    conditions: o.conditions ?? defaultConditions(phase, containers, created),
    containerStatuses: containers,
    hostIP: '10.0.1.17',
    hostIPs: [{ ip: '10.0.1.17' }],
    ...(initContainers.length > 0 ? { initContainerStatuses: initContainers } : {}),
    ...(o.message === undefined ? {} : { message: o.message }),
    phase,
    ...(o.reason === undefined ? {} : { reason: o.reason }),
    podIP: '10.244.3.41',
    podIPs: [{ ip: '10.244.3.41' }],
    qosClass: 'Burstable',
    startTime: ago(created - 1),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: ago(created),
      ...(o.deletionTimestamp === undefined
        ? {}
        : { deletionGracePeriodSeconds: 30, deletionTimestamp: o.deletionTimestamp }),
      generateName: owner ? `${owner.name}-` : undefined,
      labels: o.labels ?? (owner?.kind === 'ReplicaSet' ? { app: 'api', 'pod-template-hash': hash } : { app: name }),
      name,
      namespace: o.namespace ?? 'shop',
      ownerReferences: owner
        ? [
            {
              apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1',
              blockOwnerDeletion: true,
              controller: true,
              kind: owner.kind,
              name: owner.name,
              uid: hex(owner.name, 32),
            },
          ]
        : undefined,
      resourceVersion: '48213377',
      uid,
    },
    spec: {
      containers: containers.map((c) => containerSpec(c)),
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(initContainers.length > 0
        ? {
            initContainers: initContainers.map((c) =>
              containerSpec(c, o.sidecars?.includes(String(c.name)) ? 'Always' : undefined),
            ),
          }
        : {}),
      ...(o.nodeName === null ? {} : { nodeName: o.nodeName ?? 'worker-2' }),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: o.restartPolicy ?? 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status,
  };
}

const TIMESTAMP_KEYS = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'startTime',
  'startedAt',
  'finishedAt',
  'lastTransitionTime',
  'lastProbeTime',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
]);

/** The same object the way client-node's typed calls return it: timestamps as Date objects. */
export function withDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDates);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      TIMESTAMP_KEYS.has(key) && typeof v === 'string' ? new Date(v) : withDates(v),
    ]),
  );
}

export interface EventOptions {
  reason: string;
  message: string;
  type?: 'Warning' | 'Normal';
  count?: number;
  lastSeenSecondsAgo?: number;
  /** e.g. `spec.containers{app}` */
  fieldPath?: string;
}

/** A core/v1 Event about `pod`, as `kubectl get events -o json` prints it. */
export function eventJson(pod: Json, o: EventOptions): Json {
  const meta = pod.metadata as { name: string; namespace: string; uid: string };
  const last = o.lastSeenSecondsAgo ?? 30;
  const count = o.count ?? 1;
  return {
    apiVersion: 'v1',
    count,
    firstTimestamp: ago(last + (count - 1) * 30),
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}),
    },
    kind: 'Event',
    lastTimestamp: ago(last),
    message: o.message,
    metadata: {
      creationTimestamp: ago(last),
      name: `${meta.name}.17c${hex(o.reason + o.message, 13)}`,
      namespace: meta.namespace,
    },
    reason: o.reason,
    reportingComponent: 'kubelet',
    reportingInstance: 'worker-2',
    source: { component: 'kubelet', host: 'worker-2' },
    type: o.type ?? 'Warning',
  };
}
