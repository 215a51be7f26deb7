// Types shared by classification, evidence and incident grouping.

export const REASONS = [
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerWaiting',
  'Unschedulable',
  'Evicted',
  'PodRejected',
  'NodeShutdown',
  'NodeLost',
  'StuckTerminating',
  'InitContainerFailed',
  'Error',
  'NotReady',
  'RapidRestarts',
] as const;

export type Reason = (typeof REASONS)[number];

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicaSet' | 'Pod';

/** The object an incident is about: the top of a pod's owner chain, or the bare pod. */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
}

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

/** Thresholds the classifier reads from config. */
export interface ClassifyThresholds {
  /** Seconds a pod may stay Pending+Unschedulable before it is reported. */
  unschedulableGraceSeconds: number;
  /** Seconds a running container may fail readiness before NotReady is reported. */
  notReadyGraceSeconds: number;
  /** Restarts within the window below that count as rapid restarts. */
  rapidRestartCount: number;
  rapidRestartWindowSeconds: number;
  /**
   * Seconds a pod may be ContainerCreating before it is suspicious (not a reason by itself);
   * also how long a container may wait with a reason the classifier does not know by name.
   */
  containerCreatingGraceSeconds: number;
  /**
   * Seconds past its deletion deadline (metadata.deletionTimestamp, which already includes the
   * grace period) after which a pod still there is StuckTerminating. Optional so that a config
   * without the key keeps working; DEFAULT_STUCK_TERMINATING_SECONDS when unset.
   */
  stuckTerminatingGraceSeconds?: number;
}

export const DEFAULT_STUCK_TERMINATING_SECONDS = 300;

export const DEFAULT_THRESHOLDS: ClassifyThresholds = {
  unschedulableGraceSeconds: 120,
  notReadyGraceSeconds: 300,
  rapidRestartCount: 5,
  rapidRestartWindowSeconds: 600,
  containerCreatingGraceSeconds: 300,
  stuckTerminatingGraceSeconds: DEFAULT_STUCK_TERMINATING_SECONDS,
};

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
