// Aggregates over the whole store, for the dashboard's overview and /metrics. Read-only.
import type { IncidentState, Reason } from '../core/index.js';
import type { DiagnosisStatus, PlannerName } from './fix-types.js';

/** Upper bounds (seconds) of the detection-latency histogram buckets; +Inf is implied. */
export const DETECTION_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

export interface ModelUsageTotals {
  planner: PlannerName;
  runs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface DayTotals {
  /** YYYY-MM-DD (UTC). */
  day: string;
  incidents: number;
  modelRuns: number;
  costUsd: number;
}

/** What the overview shows about the window since `since`. */
export interface OverviewStats {
  since: string;
  incidents: number;
  byReason: Array<{ reason: Reason; n: number }>;
  /** Verdicts reached in the window: verified, regressed, apply_failed (from the audit trail). */
  fixes: { verified: number; regressed: number; applyFailed: number; rolledBack: number };
  /**
   * Moves to `applied` in the window (fixes that reached the cluster), and rollbacks in the window made straight from
   * `applied`, before verification reached a verdict (so `fixes` holds no verdict for them).
   */
  appliedFixes: { applied: number; rolledBackBeforeVerdict: number };
  /** created_at − detected_at of the incidents created in the window, in milliseconds, ascending. */
  detectionMs: number[];
  model: ModelUsageTotals[];
  days: DayTotals[];
}

/** Detection latency of incidents after a rowid: cumulative counts per DETECTION_BUCKETS_SECONDS bound. */
export interface DetectionHistogram {
  /** The highest incident id counted (the `afterId` given when none). */
  lastId: number;
  buckets: number[];
  sumSeconds: number;
  count: number;
}

/** What /metrics exports from the store besides the detection histogram, all-time. */
export interface MetricsSnapshot {
  byStateReason: Array<{ state: IncidentState; reason: Reason; n: number }>;
  modelRuns: Array<{ planner: PlannerName; status: DiagnosisStatus; runs: number }>;
  model: ModelUsageTotals[];
  /** Outbox rows whose delivery failed for good (status 'failed'). */
  slackDeliveryFailures: number;
}
