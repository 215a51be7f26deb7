// Whether a workload's controller has finished rolling out its current spec, in `kubectl rollout status` terms
// (kubectl's polymorphichelpers/rollout_status.go), so a fix counts only once its pods run it.
import type { WorkloadObject } from '../../kube/index.js';

type Fields = Record<string, unknown>;

const ON_DELETE = ' (its update strategy is OnDelete: a pod takes the new spec only when it is deleted)';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const obj = (v: unknown): Fields => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : {});

function deploymentProblem(label: string, w: WorkloadObject, status: Fields): string | undefined {
  const progressing = (Array.isArray(status.conditions) ? status.conditions : [])
    .map(obj)
    .find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return `${label} exceeded its progress deadline`;
  const want = typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
  const updated = num(status.updatedReplicas);
  if (updated < want) return `only ${updated} of ${want} replicas of ${label} run its latest spec`;
  if (num(status.replicas) > updated)
    return `${num(status.replicas) - updated} old replicas of ${label} are pending termination`;
  if (num(status.availableReplicas) < updated)
    return `only ${num(status.availableReplicas)} of ${updated} updated replicas of ${label} are available`;
  return undefined;
}

/**
 * kubectl's rule: all replicas ready, then with a partition the replicas from it up updated, else the update
 * revision current. kubectl does not judge OnDelete; here it needs every replica updated, since a fix counts only
 * once the pods run it.
 */
function statefulSetProblem(label: string, w: WorkloadObject, status: Fields): string | undefined {
  const want = typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
  const updated = num(status.updatedReplicas);
  if (num(status.readyReplicas) < want)
    return `only ${num(status.readyReplicas)} of ${want} replicas of ${label} are ready`;
  const strategy = obj(w.spec?.updateStrategy);
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return updated < want
      ? `only ${updated} of ${want} replicas of ${label} run its latest spec${ON_DELETE}`
      : undefined;
  }
  const partition = obj(strategy.rollingUpdate).partition;
  if (typeof partition === 'number') {
    return updated < want - partition
      ? `only ${updated} of ${want - partition} replicas of ${label} run its latest spec`
      : undefined;
  }
  return status.updateRevision !== status.currentRevision
    ? `only ${updated} of ${want} replicas of ${label} run its latest spec`
    : undefined;
}

function daemonSetProblem(label: string, w: WorkloadObject, status: Fields): string | undefined {
  const desired = num(status.desiredNumberScheduled);
  const updated = num(status.updatedNumberScheduled);
  if (updated < desired) {
    return `only ${updated} of ${desired} pods of ${label} run its latest spec${obj(w.spec?.updateStrategy).type === 'OnDelete' ? ON_DELETE : ''}`;
  }
  if (num(status.numberAvailable) < desired)
    return `only ${num(status.numberAvailable)} of ${desired} updated pods of ${label} are available`;
  return undefined;
}

/** What keeps the rollout from being complete, or undefined when it is (or the kind has no rollout). */
export function rolloutProblem(kind: string, w: WorkloadObject): string | undefined {
  const label = `${kind.toLowerCase()}/${w.metadata.name}`;
  const status = w.status ?? {};
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) return undefined;
  const generation = w.metadata.generation;
  // A StatefulSet whose controller never wrote a status (observedGeneration 0) has not acted on anything yet.
  const unobserved =
    generation !== undefined
      ? num(status.observedGeneration) < generation
      : kind === 'StatefulSet' && num(status.observedGeneration) === 0;
  if (unobserved) return `the controller of ${label} has not yet acted on its latest spec`;
  if (kind === 'Deployment') return deploymentProblem(label, w, status);
  if (kind === 'StatefulSet') return statefulSetProblem(label, w, status);
  return daemonSetProblem(label, w, status);
}

/** How many pods the workload wants running; 0 for run-to-completion kinds, which may rightly have none. */
export function desiredPods(kind: string, w: WorkloadObject | undefined): number {
  if (kind === 'Pod') return 1;
  if (!w) return 0;
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet')
    return typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
  if (kind === 'DaemonSet') return num(w.status?.desiredNumberScheduled);
  return 0;
}
