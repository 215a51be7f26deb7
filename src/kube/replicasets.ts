// A workload's revisions: ReplicaSets (Deployment history) and ControllerRevisions (StatefulSet and DaemonSet history).

import { listCollection } from './collections.js';
import type { KubeHttp } from './http.js';
import type { KubeObject } from './schemas.js';

/** `k=v,k2=v2`: objects whose labels match every one of `matchLabels`. */
export function labelSelector(matchLabels: Record<string, string>): string {
  return Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export async function listReplicaSets(
  http: KubeHttp,
  namespace: string,
  matchLabels: Record<string, string>,
): Promise<KubeObject[]> {
  const list = await listCollection(http, 'replicasets', namespace, {
    labelSelector: labelSelector(matchLabels),
    what: `list replicasets in namespace ${namespace}`,
  });
  return list.items;
}

export async function listControllerRevisions(
  http: KubeHttp,
  namespace: string,
  matchLabels: Record<string, string>,
): Promise<KubeObject[]> {
  const list = await listCollection(http, 'controllerrevisions', namespace, {
    labelSelector: labelSelector(matchLabels),
    what: `list controllerrevisions in namespace ${namespace}`,
  });
  return list.items;
}
