// Answers: questions asked in an incident's thread, what Claude said (or why not), and what each cost.
import { insertAudit } from './audit.js';
import type { StoreContext } from './context.js';
import { CountRow } from './fix-schema.js';
import { AnswerRow, ModelUsageRow, SessionRow } from './review-schema.js';
import type { Answer, IncidentModelUsage, NewAnswer } from './review-types.js';

const SQL = {
  insert: `
    INSERT INTO answers (incident_id, asked_by, question, answer, status, reason, session_id, model, turns,
      input_tokens, output_tokens, cost_usd, duration_ms, created_at)
    VALUES (@incidentId, @askedBy, @question, @answer, @status, @reason, @sessionId, @model, @turns,
      @inputTokens, @outputTokens, @costUsd, @durationMs, @createdAt)
    RETURNING *`,
  ofIncident: `SELECT * FROM answers WHERE incident_id = ? ORDER BY id`,
  // Refused questions ran no model, so they do not use up a rate limit (and asking again while refused cannot
  // keep someone refused forever).
  since: `
    SELECT count(*) AS n FROM answers
    WHERE created_at >= @since AND status != 'refused'
      AND (@askedBy IS NULL OR asked_by = @askedBy) AND (@incidentId IS NULL OR incident_id = @incidentId)`,
  usage: `
    SELECT sum(runs) AS runs, total(cost_usd) AS cost_usd, sum(input_tokens) AS input_tokens,
      sum(output_tokens) AS output_tokens
    FROM (
      SELECT count(*) AS runs, total(cost_usd) AS cost_usd, coalesce(sum(input_tokens), 0) AS input_tokens,
        coalesce(sum(output_tokens), 0) AS output_tokens
      FROM diagnoses WHERE incident_id = @incidentId AND planner = 'claude'
      UNION ALL
      SELECT count(*), total(cost_usd), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
      FROM answers WHERE incident_id = @incidentId AND status != 'refused'
    )`,
  // Newest by time; at the same instant an answer comes after the diagnosis it resumed.
  latestSession: `
    SELECT session_id FROM (
      SELECT session_id, coalesce(finished_at, started_at) AS at, 0 AS kind, id FROM diagnoses
      WHERE incident_id = @incidentId AND session_id IS NOT NULL
      UNION ALL
      SELECT session_id, created_at, 1, id FROM answers WHERE incident_id = @incidentId AND session_id IS NOT NULL
    ) ORDER BY at DESC, kind DESC, id DESC LIMIT 1`,
} as const;

/** Stores a question's outcome and audits it on the incident (action `answer`, no state change), together. */
export function recordAnswer(ctx: StoreContext, a: NewAnswer): Answer {
  return ctx.write(() => {
    const at = a.at ?? ctx.now();
    const answer = AnswerRow.parse(
      ctx.prepared(SQL.insert).get({
        incidentId: a.incidentId,
        askedBy: a.askedBy,
        question: a.question,
        answer: a.answer ?? null,
        status: a.status,
        reason: a.reason ?? null,
        sessionId: a.sessionId ?? null,
        model: a.usage?.model ?? null,
        turns: a.usage?.turns ?? 0,
        inputTokens: a.usage?.inputTokens ?? 0,
        outputTokens: a.usage?.outputTokens ?? 0,
        costUsd: a.usage?.costUsd ?? 0,
        durationMs: Math.round(a.usage?.durationMs ?? 0),
        createdAt: at,
      }),
    );
    insertAudit(ctx, {
      incidentId: a.incidentId,
      at,
      actor: a.askedBy,
      fromState: null,
      toState: null,
      action: 'answer',
      detail: { answerId: answer.id, status: answer.status, costUsd: answer.costUsd },
    });
    return answer;
  });
}

/** Every answer of an incident, oldest first. */
export function answersOf(ctx: StoreContext, incidentId: number): Answer[] {
  return ctx
    .prepared(SQL.ofIncident)
    .all(incidentId)
    .map((row) => AnswerRow.parse(row));
}

/** Questions answered or attempted (not refused) at or after `since`, by one asker and/or on one incident. */
export function answersSince(
  ctx: StoreContext,
  opts: { askedBy?: string; incidentId?: number; since: string },
): number {
  const row = ctx.prepared(SQL.since).get({
    since: opts.since,
    askedBy: opts.askedBy ?? null,
    incidentId: opts.incidentId ?? null,
  });
  return CountRow.parse(row).n;
}

/** The incident's Claude diagnoses and the questions that ran a model, summed. */
export function incidentModelUsage(ctx: StoreContext, incidentId: number): IncidentModelUsage {
  return ModelUsageRow.parse(ctx.prepared(SQL.usage).get({ incidentId }));
}

/** The session of the incident's newest diagnosis or answer that recorded one. */
export function latestSessionId(ctx: StoreContext, incidentId: number): string | undefined {
  const row = ctx.prepared(SQL.latestSession).get({ incidentId });
  return row === undefined ? undefined : SessionRow.parse(row).session_id;
}
