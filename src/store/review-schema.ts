// Revision and answer rows read back from SQLite, parsed once into camelCase.
import { z } from 'zod';
import {
  ANSWER_STATUSES,
  type Answer,
  type IncidentModelUsage,
  REVISION_CHANNELS,
  type Revision,
} from './review-types.js';

const id = z.number().int();
const count = z.number().int().min(0);

export const RevisionRow = z
  .object({
    id,
    incident_id: id,
    proposal_id: id,
    number: z.number().int().min(1),
    requested_by: z.string(),
    request: z.string(),
    via: z.enum(REVISION_CHANNELS),
    created_at: z.string(),
    diagnosis_id: id.nullable(),
    proposal_after_id: id.nullable(),
  })
  .transform(
    (r): Revision => ({
      id: r.id,
      incidentId: r.incident_id,
      proposalId: r.proposal_id,
      number: r.number,
      requestedBy: r.requested_by,
      request: r.request,
      via: r.via,
      createdAt: r.created_at,
      diagnosisId: r.diagnosis_id,
      proposalAfterId: r.proposal_after_id,
    }),
  );
export type RevisionRow = z.infer<typeof RevisionRow>;

export const AnswerRow = z
  .object({
    id,
    incident_id: id,
    asked_by: z.string(),
    question: z.string(),
    answer: z.string().nullable(),
    status: z.enum(ANSWER_STATUSES),
    reason: z.string().nullable(),
    session_id: z.string().nullable(),
    model: z.string().nullable(),
    turns: count,
    input_tokens: count,
    output_tokens: count,
    cost_usd: z.number().min(0),
    duration_ms: count,
    created_at: z.string(),
  })
  .transform(
    (r): Answer => ({
      id: r.id,
      incidentId: r.incident_id,
      askedBy: r.asked_by,
      question: r.question,
      status: r.status,
      answer: r.answer,
      reason: r.reason,
      sessionId: r.session_id,
      model: r.model,
      turns: r.turns,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      costUsd: r.cost_usd,
      durationMs: r.duration_ms,
      createdAt: r.created_at,
    }),
  );
export type AnswerRow = z.infer<typeof AnswerRow>;

export const ModelUsageRow = z
  .object({ runs: count, cost_usd: z.number().min(0), input_tokens: count, output_tokens: count })
  .transform(
    (r): IncidentModelUsage => ({
      runs: r.runs,
      costUsd: r.cost_usd,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
    }),
  );
export type ModelUsageRow = z.infer<typeof ModelUsageRow>;

export const SessionRow = z.object({ session_id: z.string() });
export type SessionRow = z.infer<typeof SessionRow>;
