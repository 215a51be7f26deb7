// Diagnoses: one row per incident and attempt, started before a planner runs and finished once with its usage.
import { ClopusError } from '../errors.js';
import type { StoreContext } from './context.js';
import { CountRow, DiagnosisRow } from './fix-schema.js';
import type { Diagnosis, DiagnosisFinish, NewDiagnosis } from './fix-types.js';

const SQL = {
  insert: `
    INSERT INTO diagnoses (incident_id, attempt, planner, model, status, started_at, revision_id)
    VALUES (@incidentId, @attempt, @planner, @model, 'running', @startedAt, @revisionId)
    ON CONFLICT (incident_id, attempt) DO NOTHING
    RETURNING *`,
  byAttempt: `SELECT * FROM diagnoses WHERE incident_id = ? AND attempt = ?`,
  byId: `SELECT * FROM diagnoses WHERE id = ?`,
  ofIncident: `SELECT * FROM diagnoses WHERE incident_id = ? ORDER BY attempt`,
  count: `SELECT count(*) AS n FROM diagnoses WHERE incident_id = ?`,
  // Guarded: a finished diagnosis is never rewritten, so a late or repeated finish changes nothing.
  finish: `
    UPDATE diagnoses SET status = @status, finished_at = @finishedAt, planner = coalesce(@planner, planner),
      model = coalesce(@model, model), turns = @turns,
      input_tokens = @inputTokens, output_tokens = @outputTokens, cost_usd = @costUsd, duration_ms = @durationMs,
      error = @error, explanation = @explanation, session_id = coalesce(@sessionId, session_id)
    WHERE id = @id AND status = 'running'`,
} as const;

/**
 * Inserts the diagnosis for (incident, attempt), or returns the one already there: a retried start is one row.
 * `created` says which.
 */
export function startDiagnosis(ctx: StoreContext, input: NewDiagnosis): { diagnosis: Diagnosis; created: boolean } {
  return ctx.write(() => {
    const row = ctx.prepared(SQL.insert).get({
      incidentId: input.incidentId,
      attempt: input.attempt,
      planner: input.planner,
      model: input.model,
      startedAt: input.startedAt ?? ctx.now(),
      revisionId: input.revisionId ?? null,
    });
    if (row !== undefined) return { diagnosis: DiagnosisRow.parse(row), created: true };
    const existing = ctx.prepared(SQL.byAttempt).get(input.incidentId, input.attempt);
    if (existing === undefined)
      throw new ClopusError(
        'STORE_ERROR',
        `Diagnosis ${input.incidentId}/${input.attempt} conflicted but does not exist.`,
      );
    return { diagnosis: DiagnosisRow.parse(existing), created: false };
  });
}

/** Records the outcome of a running diagnosis; returns false (changing nothing) if it was already finished. */
export function finishDiagnosis(ctx: StoreContext, id: number, finish: DiagnosisFinish): boolean {
  const { usage } = finish;
  return (
    ctx.prepared(SQL.finish).run({
      id,
      status: finish.status,
      planner: finish.planner ?? null,
      finishedAt: finish.finishedAt ?? ctx.now(),
      model: usage.model,
      turns: usage.turns,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
      durationMs: Math.round(usage.durationMs),
      error: finish.error ?? null,
      explanation: finish.explanation ?? null,
      sessionId: finish.sessionId ?? null,
    }).changes === 1
  );
}

export function getDiagnosis(ctx: StoreContext, id: number): Diagnosis | undefined {
  const row = ctx.prepared(SQL.byId).get(id);
  return row === undefined ? undefined : DiagnosisRow.parse(row);
}

/** Every diagnosis of an incident, oldest attempt first. */
export function listDiagnoses(ctx: StoreContext, incidentId: number): Diagnosis[] {
  return ctx
    .prepared(SQL.ofIncident)
    .all(incidentId)
    .map((row) => DiagnosisRow.parse(row));
}

/** Attempts made so far for an incident (the next attempt is this plus one). */
export function countDiagnoses(ctx: StoreContext, incidentId: number): number {
  return CountRow.parse(ctx.prepared(SQL.count).get(incidentId)).n;
}
