// The cluster calls the fixer's planners and diffs make: the planner's reads and exec, a workload dry run, and
// a workload's revisions (ReplicaSets, ControllerRevisions) for image rollbacks.
import type { KubeClient } from '../kube/index.js';
import type { PlannerKube } from './claude/types.js';

export interface FixerKube extends PlannerKube {
  patchWorkload: KubeClient['patchWorkload'];
  /** ReplicaSets in `namespace` whose labels match every one of `matchLabels`. */
  listReplicaSets(namespace: string, matchLabels: Record<string, string>): Promise<unknown[]>;
  /** ControllerRevisions (StatefulSet and DaemonSet history) in `namespace` matching `matchLabels`. */
  listControllerRevisions(namespace: string, matchLabels: Record<string, string>): Promise<unknown[]>;
}

function labelSelector(matchLabels: Record<string, string>): string {
  return Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * Wraps a KubeClient. Listing ReplicaSets goes through its raw HTTP client because the kube module has no such
 * call yet; it belongs there (as listReplicaSets) once the kube module grows one.
 */
export function fixerKube(kube: KubeClient): FixerKube {
  return {
    getPod: (ns, name) => kube.getPod(ns, name),
    getWorkload: (kind, ns, name) => kube.getWorkload(kind, ns, name),
    podWarningEvents: (ns, pod) => kube.podWarningEvents(ns, pod),
    readLog: (req) => kube.readLog(req),
    exec: (req) => kube.exec(req),
    patchWorkload: (target, patch, opts) => kube.patchWorkload(target, patch, opts),
    listReplicaSets: async (namespace, matchLabels) => {
      const list = await kube.http.request<{ items?: unknown[] }>(
        { path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`, query: { labelSelector: labelSelector(matchLabels) } },
        `list replicasets in namespace ${namespace}`,
      );
      return list.items ?? [];
    },
    listControllerRevisions: async (namespace, matchLabels) => {
      const list = await kube.http.request<{ items?: unknown[] }>(
        { path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`, query: { labelSelector: labelSelector(matchLabels) } },
        `list controllerrevisions in namespace ${namespace}`,
      );
      return list.items ?? [];
    },
  };
}
