// Questions asked in an incident's thread, the Claude sessions they resume, and what the model cost an incident.

import { answersOf, answersSince, incidentModelUsage, latestSessionId, recordAnswer } from '../answers.js';
import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import type { Answer, IncidentModelUsage, NewAnswer } from '../review-types.js';

export interface AnswerRepository {
  /** Stores the answer (or why there is none) with an `answer` audit row on the incident; no state change. */
  recordAnswer(a: NewAnswer): Answer;
  /** Oldest first. */
  answersOf(incidentId: number): Answer[];
  /** How many questions were answered or attempted since `since` (refused ones are not counted), for rate limits. */
  answersSince(opts: { askedBy?: string; incidentId?: number; since: string }): number;
  /** Claude diagnoses plus answers that ran a model, summed, for a per-incident budget. */
  incidentModelUsage(incidentId: number): IncidentModelUsage;
  /** The Claude session of the incident's newest diagnosis or answer that has one. */
  latestSessionId(incidentId: number): string | undefined;
}

export function answerRepository(ctx: StoreContext): AnswerRepository {
  return {
    recordAnswer: guarded('recordAnswer', (a) => recordAnswer(ctx, a)),
    answersOf: guarded('answersOf', (incidentId) => answersOf(ctx, incidentId)),
    answersSince: guarded('answersSince', (opts) => answersSince(ctx, opts)),
    incidentModelUsage: guarded('incidentModelUsage', (incidentId) => incidentModelUsage(ctx, incidentId)),
    latestSessionId: guarded('latestSessionId', (incidentId) => latestSessionId(ctx, incidentId)),
  };
}
