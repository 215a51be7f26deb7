// Fixer rows read back from SQLite (diagnoses, proposals, decisions, applied actions), parsed once into camelCase.
import { z } from 'zod';
import {
  APPLIED_ACTION_STATUSES,
  type AppliedAction,
  DECISION_CHANNELS,
  DECISIONS,
  type Decision,
  DIAGNOSIS_STATUSES,
  type Diagnosis,
  PLANNERS,
  PROPOSAL_STATUSES,
  type ProposalRecord,
} from './fix-types.js';

const id = z.number().int();
const count = z.number().int().min(0);

/** A JSON text column as its parsed value; the shape is for the reader to check. */
const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'column is not JSON' });
    return z.NEVER;
  }
});
const optionalJson = jsonText.nullable().transform((v): unknown => v ?? null);

export const DiagnosisRow = z
  .object({
    id,
    incident_id: id,
    attempt: z.number().int().min(1),
    planner: z.enum(PLANNERS),
    model: z.string().nullable(),
    status: z.enum(DIAGNOSIS_STATUSES),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    turns: count.nullable(),
    input_tokens: count.nullable(),
    output_tokens: count.nullable(),
    cost_usd: z.number().min(0).nullable(),
    duration_ms: count.nullable(),
    error: z.string().nullable(),
    explanation: z.string().nullable(),
    session_id: z.string().nullable(),
    revision_id: id.nullable(),
  })
  .transform(
    (r): Diagnosis => ({
      id: r.id,
      incidentId: r.incident_id,
      attempt: r.attempt,
      planner: r.planner,
      model: r.model,
      status: r.status,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      turns: r.turns,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      costUsd: r.cost_usd,
      durationMs: r.duration_ms,
      error: r.error,
      explanation: r.explanation,
      sessionId: r.session_id,
      revisionId: r.revision_id,
    }),
  );
export type DiagnosisRow = z.infer<typeof DiagnosisRow>;

export const ProposalRow = z
  .object({
    id,
    incident_id: id,
    diagnosis_id: id.nullable(),
    created_at: z.string(),
    summary: jsonText,
    actions: jsonText,
    diff: z.string(),
    classes: jsonText.default([]),
    delivery: jsonText.nullable().default(null),
    status: z.enum(PROPOSAL_STATUSES),
  })
  .transform(
    (r): ProposalRecord => ({
      id: r.id,
      incidentId: r.incident_id,
      diagnosisId: r.diagnosis_id,
      createdAt: r.created_at,
      summary: r.summary,
      actions: r.actions,
      diff: r.diff,
      classes: r.classes,
      delivery: r.delivery,
      status: r.status,
    }),
  );
export type ProposalRow = z.infer<typeof ProposalRow>;

export const DecisionRow = z
  .object({
    id,
    proposal_id: id,
    incident_id: id,
    actor: z.string(),
    decision: z.enum(DECISIONS),
    at: z.string(),
    via: z.enum(DECISION_CHANNELS),
    detail: z.string().nullable(),
  })
  .transform(
    (r): Decision => ({
      id: r.id,
      proposalId: r.proposal_id,
      incidentId: r.incident_id,
      actor: r.actor,
      decision: r.decision,
      at: r.at,
      via: r.via,
      detail: r.detail,
    }),
  );
export type DecisionRow = z.infer<typeof DecisionRow>;

export const AppliedActionRow = z
  .object({
    proposal_id: id,
    seq: z.number().int(),
    kind: z.string(),
    target: z.string(),
    before: optionalJson,
    after: optionalJson,
    status: z.enum(APPLIED_ACTION_STATUSES),
    detail: z.string().nullable(),
    at: z.string(),
  })
  .transform(
    (r): AppliedAction => ({
      proposalId: r.proposal_id,
      seq: r.seq,
      kind: r.kind,
      target: r.target,
      before: r.before,
      after: r.after,
      status: r.status,
      detail: r.detail,
      at: r.at,
    }),
  );
export type AppliedActionRow = z.infer<typeof AppliedActionRow>;

export const ProposalOwnerRow = z.object({ incident_id: id });
export type ProposalOwnerRow = z.infer<typeof ProposalOwnerRow>;

export const CountRow = z.object({ n: count });
export type CountRow = z.infer<typeof CountRow>;
