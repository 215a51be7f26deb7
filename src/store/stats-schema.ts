// Aggregate rows read back from SQLite for the overview and /metrics, parsed once.
import { z } from 'zod';
import { REASONS } from '../core/index.js';
import { DIAGNOSIS_STATUSES, PLANNERS } from './fix-types.js';
import { IncidentStateColumn } from './schema.js';

const count = z.number().int().min(0);
/** SUM() over no rows is NULL; a total of nothing is zero. */
const total = z
  .number()
  .min(0)
  .nullable()
  .transform((n) => n ?? 0);

export const ReasonCountRow = z.object({ reason: z.enum(REASONS), n: count });
export type ReasonCountRow = z.infer<typeof ReasonCountRow>;

export const StateReasonCountRow = z.object({ state: IncidentStateColumn, reason: z.enum(REASONS), n: count });
export type StateReasonCountRow = z.infer<typeof StateReasonCountRow>;

export const VerdictRow = z.object({ to_state: IncidentStateColumn, n: count });
export type VerdictRow = z.infer<typeof VerdictRow>;

export const MoveCountRow = z.object({
  from_state: IncidentStateColumn.nullable(),
  to_state: IncidentStateColumn,
  n: count,
});
export type MoveCountRow = z.infer<typeof MoveCountRow>;

export const LatencyRow = z.object({
  ms: z
    .number()
    .nullable()
    .transform((ms) => Math.max(0, ms ?? 0)),
});
export type LatencyRow = z.infer<typeof LatencyRow>;

export const ModelTotalsRow = z
  .object({ planner: z.enum(PLANNERS), runs: count, input_tokens: total, output_tokens: total, cost_usd: total })
  .transform((r) => ({
    planner: r.planner,
    runs: r.runs,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    costUsd: r.cost_usd,
  }));
export type ModelTotalsRow = z.infer<typeof ModelTotalsRow>;

export const ModelRunsRow = z.object({ planner: z.enum(PLANNERS), status: z.enum(DIAGNOSIS_STATUSES), runs: count });
export type ModelRunsRow = z.infer<typeof ModelRunsRow>;

export const DayCountRow = z.object({ day: z.string(), n: count, cost: total });
export type DayCountRow = z.infer<typeof DayCountRow>;

export const HistogramRow = z.object({ last_id: z.number().int(), buckets: z.string(), sum_s: total, n: count });
export type HistogramRow = z.infer<typeof HistogramRow>;

export const CountOnlyRow = z.object({ n: count });
export type CountOnlyRow = z.infer<typeof CountOnlyRow>;

export const NamespaceRow = z.object({ namespace: z.string() });
export type NamespaceRow = z.infer<typeof NamespaceRow>;

export const StampRow = z.object({ stamp: z.string() });
export type StampRow = z.infer<typeof StampRow>;
