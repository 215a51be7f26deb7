// Scenario builders for StatefulSets (ordinal pods) and DaemonSets (a pod per node), for tests and the demo.
import { containersOf, created, template, type WorkloadInput } from './builder-input.js';
import type { ClusterState } from './cluster-state.js';
import { NODES, runningPod, suffix, templateHash } from './pod-factory.js';
import { revisionFor } from './revisions.js';
import type { KubeObject } from './types.js';
import { refreshOwners } from './workload-status.js';

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
