// What the detector found about a pod and what it gathered as evidence: the facts an incident is built from.
import { z } from 'zod';
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

/** Evidence as stored and as handed to a diagnosis run: the schema both parse it with. */
export const EvidenceSchema = z.object({
  pod: z.string(),
  container: z.string().nullable(),
  state: z.string(),
  lastTermination: z
    .object({
      exitCode: z.number().int(),
      reason: z.string().optional(),
      message: z.string().optional(),
      finishedAt: z.string().optional(),
    })
    .optional(),
  restarts: z.number().int().min(0),
  events: z.array(
    z.object({ reason: z.string(), message: z.string(), count: z.number(), lastSeen: z.string().optional() }),
  ),
  logTail: z.string(),
  logsPrevious: z.boolean(),
  truncated: z.boolean(),
}) satisfies z.ZodType<Evidence>;
