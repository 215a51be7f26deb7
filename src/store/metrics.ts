// All-time aggregates for /metrics: incidents by state and reason, detection latency, model usage, Slack failures.
import type { StoreContext } from './context.js';
import { LATENCY_MS_SQL } from './stats.js';
import { CountOnlyRow, HistogramRow, ModelRunsRow, ModelTotalsRow, StateReasonCountRow } from './stats-schema.js';
import { DETECTION_BUCKETS_SECONDS, type DetectionHistogram, type MetricsSnapshot } from './stats-types.js';

// MATERIALIZED: each row's latency is computed once, not once per bucket that mentions it. Rows after a rowid, so
// a caller that keeps running totals reads only the incidents created since its last call.
const HISTOGRAM = `
  WITH l AS MATERIALIZED (SELECT id, max(0, ${LATENCY_MS_SQL} / 1000.0) AS lat FROM incidents WHERE id > ?)
  SELECT coalesce(max(id), ?) AS last_id, sum(lat) AS sum_s, count(*) AS n,
    json_array(${DETECTION_BUCKETS_SECONDS.map((b) => `coalesce(sum(lat <= ${b}), 0)`).join(', ')}) AS buckets
  FROM l`;

const SQL = {
  // GROUP BY reason first: the (reason, state) index covers it; no index may lead with state (see migrations V4).
  byStateReason: `SELECT state, reason, count(*) AS n FROM incidents GROUP BY reason, state ORDER BY state, reason`,
  modelRuns: `SELECT planner, status, count(*) AS runs FROM diagnoses GROUP BY planner, status ORDER BY planner, status`,
  model: `
    SELECT planner, count(*) AS runs, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
      sum(cost_usd) AS cost_usd
    FROM diagnoses GROUP BY planner ORDER BY planner`,
  // A delivery the outbox gave up on (see OUTBOX_STATUSES); retries in progress are not failures yet.
  slackFailures: `SELECT count(*) AS n FROM outbox WHERE status = 'failed'`,
} as const;

function parseBuckets(text: string): number[] {
  const values: unknown = JSON.parse(text);
  return Array.isArray(values) ? values.map((v) => (typeof v === 'number' ? v : 0)) : [];
}

export function metricsSnapshot(ctx: StoreContext): MetricsSnapshot {
  return ctx.read(() => ({
    byStateReason: ctx
      .prepared(SQL.byStateReason)
      .all()
      .map((r) => StateReasonCountRow.parse(r)),
    modelRuns: ctx
      .prepared(SQL.modelRuns)
      .all()
      .map((r) => ModelRunsRow.parse(r)),
    model: ctx
      .prepared(SQL.model)
      .all()
      .map((r) => ModelTotalsRow.parse(r)),
    slackDeliveryFailures: CountOnlyRow.parse(ctx.prepared(SQL.slackFailures).get()).n,
  }));
}

/**
 * Detection latency of the incidents with an id above `afterId`, bucketed by DETECTION_BUCKETS_SECONDS
 * (cumulative). An incident's created_at and detected_at never change, so running totals stay exact.
 */
export function detectionHistogram(ctx: StoreContext, afterId: number): DetectionHistogram {
  const row = HistogramRow.parse(ctx.prepared(HISTOGRAM).get(afterId, afterId));
  return { lastId: row.last_id, buckets: parseBuckets(row.buckets), sumSeconds: row.sum_s, count: row.n };
}
