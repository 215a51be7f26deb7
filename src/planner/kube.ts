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

/** Wraps a KubeClient, keeping to the calls the planners and diffs make. */
export function fixerKube(kube: KubeClient): FixerKube {
  return {
    getPod: (ns, name) => kube.getPod(ns, name),
    getWorkload: (kind, ns, name) => kube.getWorkload(kind, ns, name),
    podWarningEvents: (ns, pod) => kube.podWarningEvents(ns, pod),
    readLog: (req) => kube.readLog(req),
    exec: (req) => kube.exec(req),
    patchWorkload: (target, patch, opts) => kube.patchWorkload(target, patch, opts),
    listReplicaSets: (namespace, matchLabels) => kube.listReplicaSets(namespace, matchLabels),
    listControllerRevisions: (namespace, matchLabels) => kube.listControllerRevisions(namespace, matchLabels),
  };
}
