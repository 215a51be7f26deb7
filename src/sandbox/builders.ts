// Scenario builders for tests and the demo: workloads with real owner chains and pods, plus pod status mutators.
import { randomUUID } from 'node:crypto';
import type { ClusterState } from './cluster-state.js';
import { type ContainerInput, NODES, ownerRef, podSpec, runningPod, suffix, templateHash } from './pod-factory.js';
import { terminate } from './pod-status.js';
import { revisionFor } from './revisions.js';
import { type Fields, type KubeObject, timestamp } from './types.js';
import { refreshDeployment, refreshJob, refreshOwners } from './workload-status.js';

export type { ContainerInput } from './pod-factory.js';
export {
  type CrashLoopOptions,
  crashLoop,
  imagePullBackOff,
  notReady,
  oomKilled,
  pendingUnschedulable,
  recover,
  terminate,
} from './pod-status.js';

export interface WorkloadInput {
  namespace: string;
  name: string;
  replicas?: number;
  /** Image of the single container (named after the workload) when `containers` is not given. */
  image?: string;
  containers?: ContainerInput[];
  /** Pod labels (and selector); default { app: name }. */
  labels?: Record<string, string>;
  /** Files for the single default container. */
  files?: Record<string, string | Buffer>;
  noShell?: boolean;
  createdAt?: Date;
}

function containersOf(input: WorkloadInput): ContainerInput[] {
  return (
    input.containers ?? [
      {
        name: input.name,
        image: input.image ?? 'nginx:1.27',
        ...(input.files ? { files: input.files } : {}),
        ...(input.noShell ? { noShell: true } : {}),
      },
    ]
  );
}

function template(labels: Record<string, string>, containers: ContainerInput[], restartPolicy = 'Always'): Fields {
  return { metadata: { labels }, spec: podSpec(containers, restartPolicy) };
}

/** The builder inputs for the containers a stored template describes (for pods created later, e.g. by rollout). */
function containersFromTemplate(
  tpl: Fields,
  files: (name: string) => Record<string, Buffer> = () => ({}),
): ContainerInput[] {
  return ((tpl.spec?.containers ?? []) as Fields[]).map((c) => ({
    name: String(c.name),
    image: String(c.image),
    ...(c.command ? { command: c.command as string[] } : {}),
    ...(c.args ? { args: c.args as string[] } : {}),
    ...(c.resources ? { resources: c.resources as ContainerInput['resources'] } : {}),
    ...(c.env
      ? { env: Object.fromEntries((c.env as Fields[]).map((e) => [String(e.name), String(e.value ?? '')])) }
      : {}),
    files: files(String(c.name)),
  }));
}

function created(input: { createdAt?: Date }): { creationTimestamp: string } | Record<string, never> {
  return input.createdAt ? { creationTimestamp: timestamp(input.createdAt) } : {};
}

/** Deployment → ReplicaSet (pod-template-hash, controller ownerRef) → N Running and Ready pods. */
export function deployment(
  cluster: ClusterState,
  input: WorkloadInput,
): { deployment: KubeObject; replicaSet: KubeObject; pods: KubeObject[] } {
  const labels = input.labels ?? { app: input.name };
  const replicas = input.replicas ?? 1;
  const containers = containersOf(input);
  const deploy = cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      ...created(input),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: template(labels, containers),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  });
  const { replicaSet, pods } = newReplicaSet(
    cluster,
    deploy,
    1,
    (name) => containers.find((c) => c.name === name)?.files ?? {},
    containers,
    input.createdAt,
  );
  refreshDeployment(cluster, input.namespace, input.name, timestamp(cluster.now()));
  return {
    deployment: cluster.get('Deployment', input.namespace, input.name) ?? deploy,
    replicaSet: cluster.get('ReplicaSet', input.namespace, replicaSet.metadata.name) ?? replicaSet,
    pods,
  };
}

function newReplicaSet(
  cluster: ClusterState,
  deploy: KubeObject,
  revision: number,
  files: (container: string) => Record<string, string | Buffer>,
  containers: ContainerInput[],
  createdAt?: Date,
): { replicaSet: KubeObject; pods: KubeObject[] } {
  const ns = deploy.metadata.namespace ?? 'default';
  const tpl = deploy.spec?.template as Fields;
  const hash = templateHash(tpl);
  const podLabels = { ...(tpl.metadata?.labels as Record<string, string>), 'pod-template-hash': hash };
  const replicas = Number(deploy.spec?.replicas ?? 1);
  const rs = cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploy.metadata.name}-${hash}`,
      namespace: ns,
      labels: podLabels,
      ownerReferences: [ownerRef(deploy)],
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
        'deployment.kubernetes.io/revision': String(revision),
      },
      ...created({ ...(createdAt ? { createdAt } : {}) }),
    },
    spec: {
      replicas,
      selector: {
        matchLabels: { ...(deploy.spec?.selector?.matchLabels as Record<string, string>), 'pod-template-hash': hash },
      },
      template: { ...tpl, metadata: { labels: podLabels } },
    },
  });
  const pods = Array.from({ length: replicas }, (_, i) =>
    runningPod(cluster, {
      namespace: ns,
      name: `${rs.metadata.name}-${suffix(`${ns}/${rs.metadata.name}/${i}`)}`,
      labels: podLabels,
      owner: rs,
      containers: containers.map((c) => ({ ...c, files: files(c.name) })),
      ...(createdAt ? { createdAt } : {}),
    }),
  );
  const last = pods[pods.length - 1];
  if (last) refreshOwners(cluster, last);
  return { replicaSet: cluster.get('ReplicaSet', ns, rs.metadata.name) ?? rs, pods };
}

/**
 * Rolls a Deployment out to its current template, as the controller would (all at once): a new ReplicaSet with
 * Running pods that keep the old pods' files, old ReplicaSets scaled to zero and their pods deleted.
 */
export function rollout(
  cluster: ClusterState,
  ns: string,
  name: string,
): { replicaSet: KubeObject; pods: KubeObject[] } | undefined {
  const deploy = cluster.get('Deployment', ns, name);
  if (!deploy) throw new Error(`sandbox: deployment ${ns}/${name} not found`);
  const hash = templateHash(deploy.spec?.template);
  const sets = cluster
    .list('ReplicaSet', ns)
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.uid === deploy.metadata.uid));
  if (sets.some((rs) => rs.metadata.labels?.['pod-template-hash'] === hash && Number(rs.spec?.replicas) > 0))
    return undefined;
  const oldPods = cluster
    .list('Pod', ns)
    .filter((p) => sets.some((rs) => (p.metadata.ownerReferences ?? []).some((r) => r.uid === rs.metadata.uid)));
  const carried = oldPods[0];
  const files = (container: string): Record<string, Buffer> =>
    carried ? Object.fromEntries(cluster.files(ns, carried.metadata.name, container)) : {};
  const revision =
    1 + Math.max(0, ...sets.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
  const updated = cluster.update('Deployment', ns, name, (d) => {
    d.metadata.annotations = { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': String(revision) };
  });
  const result = newReplicaSet(
    cluster,
    updated,
    revision,
    files,
    containersFromTemplate(updated.spec?.template as Fields, files),
  );
  // Rolling back to an earlier template reuses that template's ReplicaSet, as the controller does: it is the new
  // one now, so it is not scaled down with the others.
  for (const rs of sets.filter((s) => s.metadata.name !== result.replicaSet.metadata.name)) {
    cluster.update('ReplicaSet', ns, rs.metadata.name, (o) => {
      if (o.spec) o.spec.replicas = 0;
      o.status = { replicas: 0, observedGeneration: o.metadata.generation ?? 1 };
    });
  }
  for (const p of oldPods) cluster.delete('Pod', ns, p.metadata.name);
  refreshDeployment(cluster, ns, name, timestamp(cluster.now()));
  return result;
}

/**
 * Brings a ReplicaSet back to its replica count, as its controller would after a pod is deleted: new Running pods
 * from its template. `files(container, i)` gives the i-th new pod's files, standing in for the volumes it mounts.
 */
export function replenish(
  cluster: ClusterState,
  rs: KubeObject,
  files: (container: string, i: number) => Record<string, Buffer>,
): KubeObject[] {
  const ns = rs.metadata.namespace ?? 'default';
  const owned = cluster
    .list('Pod', ns)
    .filter((p) => (p.metadata.ownerReferences ?? []).some((r) => r.uid === rs.metadata.uid));
  const missing = Number(rs.spec?.replicas ?? 0) - owned.length;
  const tpl = rs.spec?.template as Fields;
  const pods = Array.from({ length: Math.max(0, missing) }, (_, i) =>
    runningPod(cluster, {
      namespace: ns,
      name: `${rs.metadata.name}-${suffix(randomUUID())}`,
      labels: tpl.metadata?.labels as Record<string, string>,
      owner: rs,
      containers: containersFromTemplate(tpl, (c) => files(c, i)),
    }),
  );
  const last = pods[pods.length - 1];
  if (last) refreshOwners(cluster, last);
  return pods;
}

/** StatefulSet with ordinal pods name-0 … name-(N-1). */
export function statefulSet(
  cluster: ClusterState,
  input: WorkloadInput,
): { statefulSet: KubeObject; pods: KubeObject[] } {
  const labels = input.labels ?? { app: input.name };
  const replicas = input.replicas ?? 1;
  const containers = containersOf(input);
  const tpl = template(labels, containers);
  const made = cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: input.name, namespace: input.namespace, labels, ...created(input) },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: tpl,
      serviceName: input.name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  });
  const revision = revisionFor(cluster, made).metadata.name;
  const sts = cluster.update('StatefulSet', input.namespace, input.name, (o) => {
    o.status = { replicas: 0, currentRevision: revision, updateRevision: revision, collisionCount: 0 };
  });
  const pods = Array.from({ length: replicas }, (_, i) =>
    runningPod(cluster, {
      namespace: input.namespace,
      name: `${input.name}-${i}`,
      owner: sts,
      containers,
      hostname: `${input.name}-${i}`,
      subdomain: input.name,
      labels: {
        ...labels,
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': `${input.name}-${i}`,
        'apps.kubernetes.io/pod-index': String(i),
      },
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    }),
  );
  if (pods[0]) refreshOwners(cluster, pods[0]);
  return { statefulSet: cluster.get('StatefulSet', input.namespace, input.name) ?? sts, pods };
}

/** DaemonSet with one pod per sandbox node. */
export function daemonSet(
  cluster: ClusterState,
  input: Omit<WorkloadInput, 'replicas'>,
): { daemonSet: KubeObject; pods: KubeObject[] } {
  const labels = input.labels ?? { app: input.name };
  const containers = containersOf(input);
  const tpl = template(labels, containers);
  const hash = templateHash(tpl);
  const ds = cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels,
      annotations: { 'deprecated.daemonset.template.generation': '1' },
      ...created(input),
    },
    spec: {
      selector: { matchLabels: labels },
      template: tpl,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: { desiredNumberScheduled: NODES.length },
  });
  revisionFor(cluster, ds);
  const pods = NODES.map((node) =>
    runningPod(cluster, {
      namespace: input.namespace,
      name: `${input.name}-${suffix(`${input.namespace}/${input.name}/${node}`)}`,
      owner: ds,
      containers,
      nodeName: node,
      labels: { ...labels, 'controller-revision-hash': hash, 'pod-template-generation': '1' },
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    }),
  );
  if (pods[0]) refreshOwners(cluster, pods[0]);
  return { daemonSet: cluster.get('DaemonSet', input.namespace, input.name) ?? ds, pods };
}

export interface JobInput extends Omit<WorkloadInput, 'replicas'> {
  /** running (default), succeeded, or failed (after backoffLimit + 1 failed pods). */
  state?: 'running' | 'succeeded' | 'failed';
  backoffLimit?: number;
  owner?: KubeObject;
}

/** Job with its pods, in the given state; owned by `owner` (a CronJob) when given. */
export function job(cluster: ClusterState, input: JobInput): { job: KubeObject; pods: KubeObject[] } {
  const containers = containersOf(input);
  const backoffLimit = input.backoffLimit ?? 6;
  // The controller-uid labels need the Job's uid up front, as the API server assigns it before the Job is stored.
  const uid = randomUUID();
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': input.name,
    'controller-uid': uid,
    'job-name': input.name,
    ...input.labels,
  };
  const j = cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      uid,
      labels,
      ...(input.owner ? { ownerReferences: [ownerRef(input.owner)] } : {}),
      ...created(input),
    },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: template(labels, containers, 'Never'),
    },
  });
  const count = input.state === 'failed' ? backoffLimit + 1 : 1;
  const pods = Array.from({ length: count }, (_, i) => {
    const name = `${input.name}-${suffix(`${input.namespace}/${input.name}/${i}`)}`;
    runningPod(cluster, {
      namespace: input.namespace,
      name,
      labels,
      owner: j,
      containers,
      restartPolicy: 'Never',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    });
    if (input.state === 'succeeded') return terminate(cluster, input.namespace, name, { exitCode: 0 });
    if (input.state === 'failed') return terminate(cluster, input.namespace, name, { exitCode: 1 });
    return cluster.get('Pod', input.namespace, name) as KubeObject;
  });
  refreshJob(cluster, cluster.get('Job', input.namespace, input.name) ?? j, timestamp(cluster.now()));
  return { job: cluster.get('Job', input.namespace, input.name) ?? j, pods };
}

/** CronJob with one Job (named like the controller's: name-<minutes since epoch>) and its pod. */
export function cronJobWithJob(
  cluster: ClusterState,
  input: JobInput & { schedule?: string },
): { cronJob: KubeObject; job: KubeObject; pods: KubeObject[] } {
  const containers = containersOf(input);
  const cron = cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.labels ? { labels: input.labels } : {}),
      ...created(input),
    },
    spec: {
      schedule: input.schedule ?? '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: {},
        spec: { backoffLimit: input.backoffLimit ?? 6, template: template({}, containers, 'Never') },
      },
    },
  });
  const scheduled = Math.floor(cluster.now().getTime() / 60_000);
  cluster.update('CronJob', input.namespace, input.name, (o) => {
    o.status = { lastScheduleTime: timestamp(new Date(scheduled * 60_000)) };
  });
  const made = job(cluster, { ...input, name: `${input.name}-${scheduled}`, owner: cron, labels: {} });
  return { cronJob: cluster.get('CronJob', input.namespace, input.name) ?? cron, job: made.job, pods: made.pods };
}

/** A Running pod with no owner. */
export function barePod(
  cluster: ClusterState,
  input: Omit<WorkloadInput, 'replicas'> & { nodeName?: string },
): KubeObject {
  return runningPod(cluster, {
    namespace: input.namespace,
    name: input.name,
    labels: input.labels ?? { run: input.name },
    containers: containersOf(input),
    ...(input.nodeName ? { nodeName: input.nodeName } : {}),
    ...(input.createdAt ? { createdAt: input.createdAt } : {}),
  });
}
