// Realistic pod shapes: specs with the API server's defaults and kubelet-style statuses for running containers.
import { createHash } from 'node:crypto';
import type { ClusterState } from './cluster-state.js';
import { qosClass } from './qos.js';
import { type Fields, type KubeObject, type OwnerReference, timestamp } from './types.js';

export interface ContainerInput {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: number[];
  /** Files in the container's filesystem (path → content), as if baked into the image. */
  files?: Record<string, string | Buffer>;
  /** Built without a shell (distroless): exec fails like it would. */
  noShell?: boolean;
  /** Current log text. */
  logs?: string;
}

export const NODES = ['sandbox-node-1', 'sandbox-node-2', 'sandbox-node-3'];
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
let podCounter = 0;

/** Port of rand.SafeEncodeString(fmt.Sprint(fnv32a(text))) — how controllers spell template hashes. */
export function templateHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(value))) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return [...String(h)].map((c) => NAME_CHARS[c.charCodeAt(0) % NAME_CHARS.length]).join('');
}

/** A deterministic 5-character suffix like the ones generateName produces. */
export function suffix(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, 5), (b) => NAME_CHARS[b % NAME_CHARS.length]).join('');
}

function hex(seed: string, bytes = 32): string {
  return createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);
}

/** The image reference a runtime reports: docker.io/library/nginx:1.27 for "nginx:1.27". */
export function fullImage(image: string): string {
  const tagged = /:[^/]+$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const first = tagged.split('/')[0] ?? '';
  if (!tagged.includes('/')) return `docker.io/library/${tagged}`;
  return first.includes('.') || first.includes(':') || first === 'localhost' ? tagged : `docker.io/${tagged}`;
}

export function imageId(image: string): string {
  return `${fullImage(image).replace(/:[^/:]+$/, '')}@sha256:${hex(`image:${image}`)}`;
}

export function containerId(seed: string): string {
  return `containerd://${hex(`container:${seed}`)}`;
}

export function containerSpec(c: ContainerInput): Fields {
  return {
    name: c.name,
    image: c.image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.ports ? { ports: c.ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) } : {}),
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, value })) } : {}),
    resources: c.resources ?? {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: c.image.endsWith(':latest') || !/:[^/]+$/.test(c.image) ? 'Always' : 'IfNotPresent',
  };
}

export function podSpec(containers: ContainerInput[], restartPolicy = 'Always'): Fields {
  return {
    containers: containers.map(containerSpec),
    restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
  };
}

export function condition(type: string, status: boolean, at: string, reason?: string, message?: string): Fields {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

export function runningStatus(spec: Fields, podKey: string, at: string): Fields[] {
  return ((spec.containers ?? []) as Fields[]).map((c) => ({
    name: c.name,
    state: { running: { startedAt: at } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: fullImage(String(c.image)),
    imageID: imageId(String(c.image)),
    containerID: containerId(`${podKey}/${String(c.name)}/0`),
    started: true,
  }));
}

export interface PodInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: KubeObject;
  containers: ContainerInput[];
  nodeName?: string;
  restartPolicy?: string;
  createdAt?: Date;
  hostname?: string;
  subdomain?: string;
  /** The pod spec to run (a workload's template); built from `containers` when omitted. */
  spec?: Fields;
}

export function ownerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Creates a scheduled, Running and Ready pod, and seeds its containers' files, logs and shell flag. */
export function runningPod(cluster: ClusterState, input: PodInput): KubeObject {
  podCounter += 1;
  const at = timestamp(input.createdAt ?? cluster.now());
  const spec = input.spec ? structuredClone(input.spec) : podSpec(input.containers, input.restartPolicy);
  spec.nodeName = input.nodeName ?? NODES[podCounter % NODES.length];
  if (input.hostname) spec.hostname = input.hostname;
  if (input.subdomain) spec.subdomain = input.subdomain;
  const node = NODES.indexOf(String(spec.nodeName));
  const hostIP = `10.0.0.${11 + Math.max(node, 0)}`;
  const podIP = `10.244.${(podCounter >> 8) & 255}.${podCounter & 255}`;
  const pod = cluster.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      creationTimestamp: at,
      ...(input.labels ? { labels: input.labels } : {}),
      ...(input.annotations ? { annotations: input.annotations } : {}),
      ...(input.owner
        ? { generateName: `${input.owner.metadata.name}-`, ownerReferences: [ownerRef(input.owner)] }
        : {}),
    },
    spec,
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) =>
        condition(t, true, at),
      ),
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: at,
      containerStatuses: runningStatus(spec, `${input.namespace}/${input.name}`, at),
      qosClass: qosClass(spec),
    },
  });
  for (const c of input.containers) {
    const files = cluster.files(input.namespace, input.name, c.name);
    for (const [path, content] of Object.entries(c.files ?? {})) files.set(path, Buffer.from(content));
    if (c.noShell) cluster.setNoShell(input.namespace, input.name, c.name);
    if (c.logs !== undefined) cluster.setLogs(input.namespace, input.name, c.name, { current: c.logs });
  }
  return pod;
}
