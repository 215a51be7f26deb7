// Which workload a pod belongs to, as far as the pod itself tells, and the keys incidents are filed under.
import type { Pod } from './pod.js';
import type { Reason } from './reasons.js';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicaSet' | 'Pod';

/** The object an incident is about: the top of a pod's owner chain, or the bare pod. */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'Pod',
]);

const isWorkloadKind = (kind: string): kind is WorkloadKind => WORKLOAD_KINDS.has(kind);

/**
 * The pod's direct controller, or the pod itself. A controller of a kind Clopus does not
 * manage (a Node for static pods, an operator's custom resource) also yields the pod:
 * fixes are only ever proposed against kinds Clopus knows how to patch.
 */
export function ownerOf(pod: Pod): WorkloadRef {
  const controller = pod.metadata.ownerReferences.find((ref) => ref.controller === true);
  if (controller !== undefined && isWorkloadKind(controller.kind))
    return { kind: controller.kind, name: controller.name };
  return { kind: 'Pod', name: pod.metadata.name };
}

/**
 * The workload above a pod's controller, guessed from the pod alone, for `clopus triage`
 * where there is no cluster to read owner chains from.
 */
export function inferWorkload(owner: WorkloadRef, pod: Pod): WorkloadRef {
  if (owner.kind === 'ReplicaSet') {
    // A Deployment names its ReplicaSets <deployment>-<pod-template-hash> and stamps the
    // hash on every pod; a hand-made ReplicaSet lacks the label, so it stays itself.
    const hash = pod.metadata.labels['pod-template-hash'];
    const suffix = `-${hash}`;
    if (hash && owner.name.endsWith(suffix) && owner.name.length > suffix.length) {
      return { kind: 'Deployment', name: owner.name.slice(0, -suffix.length) };
    }
  }
  // A Job named <name>-<digits> looks like a CronJob's (it appends the scheduled minute),
  // but hand-named Jobs ("migrate-2024") look the same, and the pod carries nothing that
  // tells them apart. Guessing CronJob would merge unrelated Jobs into one incident and
  // aim fixes at an object that may not exist, so without the Job's own owner it stays a Job.
  return owner;
}

export interface FingerprintParts {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  container: string | null;
  reason: Reason;
}

/**
 * The identity of an incident: cluster/namespace/Kind/name/container/Reason, `-` for a
 * pod-level reason. Parts are URI-encoded so a `/` in a cluster name cannot shift them.
 */
export function fingerprint(parts: FingerprintParts): string {
  return [parts.cluster, parts.namespace, parts.kind, parts.name, parts.container ?? '-', parts.reason]
    .map(encodeURIComponent)
    .join('/');
}

/** `deployment/api`, the way kubectl names objects. */
export function workloadLabel(ref: WorkloadRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}
