// From a classifier finding to an incident identity: the owning workload and the fingerprint.
import type { KubeClient } from '../kube/index.js';
import type { Finding, WorkloadRef } from './types.js';
import type { Pod } from './pod-schema.js';
import { fingerprint, inferWorkload } from './workload.js';

export interface ResolvedFinding extends Finding {
  workload: WorkloadRef;
  fingerprint: string;
}

/** Resolves the owner chain through the API server (cached); without a cluster, infers it from names and labels. */
export async function resolveFinding(finding: Finding, pod: Pod, cluster: string, kube: KubeClient | null): Promise<ResolvedFinding> {
  let workload = kube ? await kube.resolveOwner(finding.namespace, finding.owner) : finding.owner;
  // An unreadable ReplicaSet (RBAC, race with deletion) still almost always belongs to a Deployment of the same prefix.
  if (workload.kind === 'ReplicaSet') workload = inferWorkload(workload, pod);
  // A crash-looping container runs for a few seconds between back-offs and then reads as RapidRestarts; both are one
  // problem, so they share a fingerprint instead of opening a second incident on every cycle.
  const reason = finding.reason === 'RapidRestarts' ? 'CrashLoopBackOff' : finding.reason;
  return {
    ...finding,
    workload,
    fingerprint: fingerprint({ cluster, namespace: finding.namespace, kind: workload.kind, name: workload.name, container: finding.container, reason }),
  };
}
