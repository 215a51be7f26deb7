// Whether a workload's controller has finished rolling out its current spec, in kubectl rollout status terms.
import type { WorkloadObject } from '../../kube/index.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** What keeps the rollout from being complete, or undefined when it is (or the kind has no rollout). */
export function rolloutProblem(kind: string, w: WorkloadObject): string | undefined {
  const label = `${kind.toLowerCase()}/${w.metadata.name}`;
  const status = w.status ?? {};
  const generation = w.metadata.generation;
  if (generation !== undefined && num(status.observedGeneration) < generation && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) {
    return `the controller of ${label} has not yet acted on its latest spec`;
  }
  if (kind === 'Deployment' || kind === 'StatefulSet') {
    const want = typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
    if (num(status.updatedReplicas) < want) return `only ${num(status.updatedReplicas)} of ${want} replicas of ${label} run its latest spec`;
  }
  if (kind === 'DaemonSet' && num(status.updatedNumberScheduled) < num(status.desiredNumberScheduled)) {
    return `only ${num(status.updatedNumberScheduled)} of ${num(status.desiredNumberScheduled)} pods of ${label} run its latest spec`;
  }
  return undefined;
}

/** How many pods the workload wants running; 0 for run-to-completion kinds, which may rightly have none. */
export function desiredPods(kind: string, w: WorkloadObject | undefined): number {
  if (kind === 'Pod') return 1;
  if (!w) return 0;
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') return typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
  if (kind === 'DaemonSet') return num(w.status?.desiredNumberScheduled);
  return 0;
}
