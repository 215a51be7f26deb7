// What the detector found about a pod and what it gathered as evidence: the facts an incident is built from.
import type { Reason } from './reasons.js';
import type { WorkloadRef } from './workload.js';

/** One reason one pod is degraded. Produced by the pure classifier. */
export interface Finding {
  namespace: string;
  pod: string;
  podUid: string;
  /** The container the reason is about; null for pod-level reasons (Unschedulable, Evicted, PodRejected, NodeShutdown, NodeLost, StuckTerminating). */
  container: string | null;
  reason: Reason;
  /** A short human sentence, e.g. "back-off restarting failed container (exit 1)". */
  message: string;
  restarts: number;
  /** The pod's direct controller (ownerReferences[controller=true]), or the pod itself. */
  owner: WorkloadRef;
  /** Exit code of the last termination, when there was one. */
  exitCode?: number;
}

/** What is gathered per finding, capped and redacted before it is stored or shown. */
export interface Evidence {
  pod: string;
  container: string | null;
  state: string;
  lastTermination?: { exitCode: number; reason?: string; message?: string; finishedAt?: string };
  restarts: number;
  events: Array<{ reason: string; message: string; count: number; lastSeen?: string }>;
  logTail: string;
  /** Whether logTail is from the previous (crashed) container instance. */
  logsPrevious: boolean;
  truncated: boolean;
}
