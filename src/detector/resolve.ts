// From a classifier finding to an incident identity: the owning workload and the fingerprint.

import type { Finding, Pod, WorkloadRef } from '../core/index.js';
import { fingerprint, inferWorkload } from '../core/index.js';
import type { KubeClient } from '../kube/index.js';

export interface ResolvedFinding extends Finding {
  workload: WorkloadRef;
  fingerprint: string;
}

/**
 * Resolves the owner chain through the API server (cached); without a cluster, infers it from names and labels.
 * Throws when the API server is unavailable and the pod alone cannot tell the workload.
 */
export async function resolveFinding(
  finding: Finding,
  pod: Pod,
  cluster: string,
  kube: KubeClient | null,
): Promise<ResolvedFinding> {
  let workload = finding.owner;
  try {
    if (kube) workload = await kube.resolveOwner(finding.namespace, finding.owner, { throwIfUnavailable: true });
  } catch (err) {
    // The API server cannot answer for now. A ReplicaSet named after the pod's template hash is surely a Deployment's,
    // but a Job may be a CronJob's: filing it under the Job would open a second incident once the server answers, so
    // it waits for the next look (the detector's tick) instead.
    if (inferWorkload(finding.owner, pod).kind === finding.owner.kind) throw err;
  }
  // An unreadable ReplicaSet (RBAC, race with deletion) still almost always belongs to a Deployment of the same prefix.
  if (workload.kind === 'ReplicaSet') workload = inferWorkload(workload, pod);
  // A crash-looping container runs for a few seconds between back-offs and then reads as RapidRestarts; both are one
  // problem, so they share a fingerprint instead of opening a second incident on every cycle.
  const reason = finding.reason === 'RapidRestarts' ? 'CrashLoopBackOff' : finding.reason;
  return {
    ...finding,
    workload,
    fingerprint: fingerprint({
      cluster,
      namespace: finding.namespace,
      kind: workload.kind,
      name: workload.name,
      container: finding.container,
      reason,
    }),
  };
}
