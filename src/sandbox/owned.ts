// Small reads and writes the simulated controllers share: what an object owns, whether a pod is Ready, and
// writing an object only when something changed.
import type { ClusterState } from './cluster-state.js';
import type { Fields, KubeObject } from './types.js';

/** Applies `mutate` to a stored object and commits only if something changed (no spurious watch events). */
export function updateIfChanged(
  cluster: ClusterState,
  kind: string,
  ns: string,
  name: string,
  mutate: (obj: KubeObject) => void,
): void {
  const entry = cluster.entry(kind, ns, name);
  if (!entry) return;
  const copy = structuredClone(entry.obj);
  mutate(copy);
  if (JSON.stringify(copy) !== JSON.stringify(entry.obj)) cluster.update(kind, ns, name, mutate);
}

/** The objects of `kind` in `ns` whose ownerReferences name `owner` (stored objects: read, never change them). */
export function owned(cluster: ClusterState, kind: string, ns: string, owner: KubeObject): KubeObject[] {
  return cluster
    .page(kind, {
      namespace: ns,
      filter: (o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid),
    })
    .entries.map((e) => e.obj);
}

export function isReady(pod: KubeObject): boolean {
  return ((pod.status?.conditions ?? []) as Fields[]).some((c) => c.type === 'Ready' && c.status === 'True');
}
