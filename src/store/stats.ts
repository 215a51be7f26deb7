// The overview's figures for a window: incidents and their reasons, fix verdicts, time to detect, model usage per day.
import type { StoreContext } from './context.js';
import { DayCountRow, LatencyRow, ModelTotalsRow, MoveCountRow, ReasonCountRow, VerdictRow } from './stats-schema.js';
import type { DayTotals, OverviewStats } from './stats-types.js';

/** Milliseconds from the detector noticing the pod change to the incident row; julianday keeps it in SQL. */
export const LATENCY_MS_SQL = `round((julianday(created_at) - julianday(detected_at)) * 86400000.0)`;

const SQL = {
  // Without INDEXED BY the planner walks the whole (reason, …) index to skip a sort of a few thousand rows.
  byReason: `
    SELECT reason, count(*) AS n FROM incidents INDEXED BY incidents_created_detected
    WHERE created_at >= ? GROUP BY reason ORDER BY n DESC, reason`,
  verdicts: `
    SELECT to_state, count(*) AS n FROM audit
    WHERE to_state IN ('verified', 'regressed', 'apply_failed', 'rolled_back') AND at >= ?
    GROUP BY to_state`,
  // Fixes that reached the cluster, and rollbacks made straight from `applied`, before verification said anything.
  applies: `
    SELECT from_state, to_state, count(*) AS n FROM audit
    WHERE to_state IN ('applied', 'rolled_back') AND at >= ?
    GROUP BY from_state, to_state`,
  latency: `SELECT ${LATENCY_MS_SQL} AS ms FROM incidents WHERE created_at >= ? ORDER BY ms`,
  model: `
    SELECT planner, count(*) AS runs, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
      sum(cost_usd) AS cost_usd
    FROM diagnoses WHERE started_at >= ? GROUP BY planner ORDER BY planner`,
  incidentsPerDay: `SELECT substr(created_at, 1, 10) AS day, count(*) AS n, NULL AS cost FROM incidents WHERE created_at >= ? GROUP BY day`,
  modelPerDay: `
    SELECT substr(started_at, 1, 10) AS day, count(*) AS n, sum(cost_usd) AS cost FROM diagnoses
    WHERE started_at >= ? AND planner = 'claude' GROUP BY day`,
} as const;

/** The UTC days from `since` to `until`, oldest first. */
function daysBetween(since: Date, until: Date): string[] {
  const days: string[] = [];
  const t = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
  while (t.getTime() <= until.getTime()) {
    days.push(t.toISOString().slice(0, 10));
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return days;
}

function perDay(ctx: StoreContext, since: Date, until: Date, from: string): DayTotals[] {
  const incidents = new Map(
    ctx
      .prepared(SQL.incidentsPerDay)
      .all(from)
      .map((r) => DayCountRow.parse(r))
      .map((r) => [r.day, r.n]),
  );
  const model = new Map(
    ctx
      .prepared(SQL.modelPerDay)
      .all(from)
      .map((r) => DayCountRow.parse(r))
      .map((r) => [r.day, r]),
  );
  return daysBetween(since, until).map((day) => ({
    day,
    incidents: incidents.get(day) ?? 0,
    modelRuns: model.get(day)?.n ?? 0,
    costUsd: model.get(day)?.cost ?? 0,
  }));
}

/**
 * Figures for incidents created, verdicts reached and planner runs started at or after `since`, from one snapshot;
 * `days` runs from since's day to until's (UTC).
 */
export function overviewStats(ctx: StoreContext, since: Date, until: Date): OverviewStats {
  const from = since.toISOString();
  return ctx.read(() => {
    const verdicts = new Map(
      ctx
        .prepared(SQL.verdicts)
        .all(from)
        .map((r) => VerdictRow.parse(r))
        .map((r) => [r.to_state, r.n]),
    );
    const byReason = ctx
      .prepared(SQL.byReason)
      .all(from)
      .map((r) => ReasonCountRow.parse(r));
    const moves = ctx
      .prepared(SQL.applies)
      .all(from)
      .map((r) => MoveCountRow.parse(r));
    const moved = (to: string, from?: string) =>
      moves
        .filter((m) => m.to_state === to && (from === undefined || m.from_state === from))
        .reduce((n, m) => n + m.n, 0);
    return {
      since: from,
      incidents: byReason.reduce((n, r) => n + r.n, 0),
      byReason,
      fixes: {
        verified: verdicts.get('verified') ?? 0,
        regressed: verdicts.get('regressed') ?? 0,
        applyFailed: verdicts.get('apply_failed') ?? 0,
        rolledBack: verdicts.get('rolled_back') ?? 0,
      },
      appliedFixes: { applied: moved('applied'), rolledBackBeforeVerdict: moved('rolled_back', 'applied') },
      detectionMs: ctx
        .prepared(SQL.latency)
        .all(from)
        .map((r) => LatencyRow.parse(r).ms),
      model: ctx
        .prepared(SQL.model)
        .all(from)
        .map((r) => ModelTotalsRow.parse(r)),
      days: perDay(ctx, since, until, from),
    };
  });
}
