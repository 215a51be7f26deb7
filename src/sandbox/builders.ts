// Scenario builders for tests and the demo: Deployments (ReplicaSets, pods, rollouts), bare pods, pod status mutators.
import { randomUUID } from 'node:crypto';
import { containersFromTemplate, containersOf, created, template, type WorkloadInput } from './builder-input.js';
import type { ClusterState } from './cluster-state.js';
import { type ContainerInput, ownerRef, runningPod, suffix, templateHash } from './pod-factory.js';
import { type Fields, type KubeObject, timestamp } from './types.js';
import { refreshDeployment, refreshOwners } from './workload-status.js';

export type { WorkloadInput } from './builder-input.js';
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
