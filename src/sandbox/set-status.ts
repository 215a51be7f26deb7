// StatefulSet and DaemonSet status as their controllers write it on every sync: the revision of the current
// template recorded, pods counted by the revision they run, and the rollout complete only once they all run it.
import type { ClusterState } from './cluster-state.js';
import { isReady, owned, updateIfChanged } from './owned.js';
import { POD_REVISION_LABEL, REVISION_HASH_LABEL, revisionFor } from './revisions.js';
import type { KubeObject } from './types.js';

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

const live = (pods: KubeObject[]): KubeObject[] => pods.filter((p) => !p.metadata.deletionTimestamp);
const revisionOf = (pod: KubeObject): string | undefined => pod.metadata.labels?.[POD_REVISION_LABEL];

/**
 * updateRevision is the revision of the current template; currentRevision the one the set ran before, until the
 * rolling update completes (every pod updated and Ready) and it becomes the update revision.
 */
export function refreshStatefulSet(cluster: ClusterState, sts: KubeObject): void {
  const ns = sts.metadata.namespace ?? '';
  const pods = live(owned(cluster, 'Pod', ns, sts));
  const previous = sts.status?.currentRevision as string | undefined;
  const update = revisionFor(cluster, sts, [
    ...(previous ? [previous] : []),
    ...pods.map(revisionOf).filter((r): r is string => !!r),
  ]).metadata.name;
  updateIfChanged(cluster, 'StatefulSet', ns, sts.metadata.name, (o) => {
    const current = (o.status?.currentRevision as string | undefined) ?? update;
    const count = (revision: string): number => pods.filter((p) => revisionOf(p) === revision).length;
    const ready = pods.filter(isReady).length;
    const status = {
      ...o.status,
      observedGeneration: o.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: count(current),
      updatedReplicas: count(update),
      currentRevision: current,
      updateRevision: update,
      collisionCount: o.status?.collisionCount ?? 0,
    };
    const rolling = (o.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (rolling && status.updatedReplicas === status.replicas && ready === status.replicas) {
      status.currentRevision = update;
      status.currentReplicas = status.updatedReplicas;
    }
    o.status = status;
  });
}

/** Whether a DaemonSet pod runs the current template: its revision hash, or its template generation, matches. */
export function daemonPodUpdated(ds: KubeObject, hash: string, pod: KubeObject): boolean {
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return (
    pod.metadata.labels?.[POD_REVISION_LABEL] === hash ||
    (generation !== undefined && pod.metadata.labels?.[POD_TEMPLATE_GENERATION_LABEL] === generation)
  );
}

export function refreshDaemonSet(cluster: ClusterState, ds: KubeObject): void {
  const ns = ds.metadata.namespace ?? '';
  const pods = live(owned(cluster, 'Pod', ns, ds));
  const inUse = pods.map((p) => `${ds.metadata.name}-${revisionOf(p) ?? ''}`);
  const hash = String(revisionFor(cluster, ds, inUse).metadata.labels?.[REVISION_HASH_LABEL] ?? '');
  const ready = pods.filter(isReady).length;
  updateIfChanged(cluster, 'DaemonSet', ns, ds.metadata.name, (o) => {
    const desired = Number(o.status?.desiredNumberScheduled ?? pods.length);
    o.status = {
      ...o.status,
      observedGeneration: o.metadata.generation ?? 1,
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: desired,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: pods.filter((p) => daemonPodUpdated(o, hash, p)).length,
      numberMisscheduled: 0,
    };
    if (desired - ready > 0) o.status.numberUnavailable = desired - ready;
    else delete o.status.numberUnavailable;
  });
}

/**
 * The API server's DaemonSet strategy: spec.templateGeneration (served in apps/v1 as this annotation) starts at 1
 * and grows by one with each template change; on updates what a client sends for it is ignored. Pods carry it
 * as their pod-template-generation label.
 */
export function setTemplateGeneration(obj: KubeObject, prev: KubeObject | undefined): void {
  const was = Number(prev?.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? 0);
  const changed = JSON.stringify(prev?.spec?.template) !== JSON.stringify(obj.spec?.template);
  const generation = prev
    ? Math.max(was, 1) + (changed ? 1 : 0)
    : Number(obj.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? 1);
  obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION_ANNOTATION]: String(generation) };
}
