// The classifier's thresholds (from config). The incident vocabulary lives in src/core.

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
