// ControllerRevisions: the StatefulSet and DaemonSet controllers' history of pod templates, as they keep it. Each
// template gets one revision, named <owner>-<hash>, labelled with the template's labels and the hash, owned by the
// workload (controller: true), numbered in order of use, holding the template as a patch that replaces it whole.
import type { ClusterState } from './cluster-state.js';
import { ownerRef, templateHash } from './pod-factory.js';
import type { Fields, KubeObject } from './types.js';

/** The label on a ControllerRevision naming its hash. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** The label on a StatefulSet's or DaemonSet's pods naming the revision they run. */
export const POD_REVISION_LABEL = 'controller-revision-hash';

/** The owner's revisions, oldest first. */
export function revisionsOf(cluster: ClusterState, owner: KubeObject): KubeObject[] {
  const ns = owner.metadata.namespace ?? 'default';
  return cluster
    .page('ControllerRevision', {
      namespace: ns,
      filter: (r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === owner.metadata.uid && o.controller),
    })
    .entries.map((e) => e.obj)
    .sort((a, b) => Number(a.revision) - Number(b.revision));
}

/** The pod template a revision holds (its data without the replace directive). */
export function revisionTemplate(revision: KubeObject): Fields {
  const { $patch: _patch, ...template } = ((revision.data as Fields | undefined)?.spec?.template ?? {}) as Fields;
  return structuredClone(template);
}

/** Drops the oldest revisions beyond spec.revisionHistoryLimit that neither the owner nor any of its pods uses. */
function trim(cluster: ClusterState, owner: KubeObject, live: Set<string>): void {
  const limit = Number(owner.spec?.revisionHistoryLimit ?? 10);
  const idle = revisionsOf(cluster, owner).filter((r) => !live.has(r.metadata.name));
  for (const r of idle.slice(0, Math.max(0, idle.length - limit)))
    cluster.delete('ControllerRevision', r.metadata.namespace, r.metadata.name);
}

/**
 * The revision of the owner's current template: the one already holding it (renumbered as the newest when an
 * older template comes back, as a rollback does), or a new one.
 */
export function revisionFor(cluster: ClusterState, owner: KubeObject, inUse: Iterable<string> = []): KubeObject {
  const ns = owner.metadata.namespace ?? 'default';
  const template = (owner.spec?.template ?? {}) as Fields;
  const hash = templateHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const revisions = revisionsOf(cluster, owner);
  const newest = Math.max(0, ...revisions.map((r) => Number(r.revision)));
  const found = revisions.find((r) => r.metadata.name === name);
  if (found) {
    if (Number(found.revision) === newest) return found;
    return cluster.update('ControllerRevision', ns, name, (r) => {
      r.revision = newest + 1;
    });
  }
  const created = cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(template.metadata?.labels as Record<string, string> | undefined), [REVISION_HASH_LABEL]: hash },
      ownerReferences: [ownerRef(owner)],
    },
    data: { spec: { template: { ...structuredClone(template), $patch: 'replace' } } },
    revision: newest + 1,
  });
  trim(cluster, owner, new Set([name, ...inUse]));
  return created;
}
