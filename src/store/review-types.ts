// A reviewer's side of a proposal beyond approve/reject: "Request changes" (revisions) and questions in the thread.
import type { DiagnosisUsage } from './fix-types.js';

export const REVISION_CHANNELS = ['slack', 'cli'] as const;
export type RevisionChannel = (typeof REVISION_CHANNELS)[number];

export interface Revision {
  id: number;
  incidentId: number;
  /** The proposal the request superseded. */
  proposalId: number;
  /** 1, 2, 3 … per incident. */
  number: number;
  /** The actor, e.g. "slack:U123". */
  requestedBy: string;
  /** The reviewer's words, redacted by the caller. */
  request: string;
  via: RevisionChannel;
  createdAt: string;
  /** The diagnosis that revises the proposal, once it has started. */
  diagnosisId: number | null;
  /** The revised proposal, once that diagnosis concluded with one. */
  proposalAfterId: number | null;
}

export interface RevisionRequest {
  incidentId: number;
  proposalId: number;
  actor: string;
  /** Already redacted. */
  request: string;
  via: RevisionChannel;
  /** fixer.maxRevisions: an incident with this many revisions gets no more. */
  maxRevisions: number;
  /** The revision's time; defaults to the store's clock. */
  at?: string;
}

export type RevisionResult =
  | { ok: true; revision: Revision }
  /** Nothing was written; `message` is a sentence for the reviewer. */
  | { ok: false; outcome: 'moved_on' | 'limit'; message: string };

export const ANSWER_STATUSES = ['answered', 'failed', 'refused'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export interface NewAnswer {
  incidentId: number;
  /** The actor who asked, e.g. "slack:U123". */
  askedBy: string;
  /** Already redacted. */
  question: string;
  status: AnswerStatus;
  answer?: string;
  /** Why it failed or was refused. */
  reason?: string;
  /** The Claude session the answer ran in. */
  sessionId?: string;
  usage?: DiagnosisUsage;
  at?: string;
}

export interface Answer extends Required<Omit<NewAnswer, 'answer' | 'reason' | 'sessionId' | 'usage' | 'at'>> {
  id: number;
  answer: string | null;
  reason: string | null;
  sessionId: string | null;
  model: string | null;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
  createdAt: string;
}

/** What the model has cost one incident so far: its Claude diagnoses and the questions it ran for. */
export interface IncidentModelUsage {
  runs: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
}
