// The fixer's records: diagnoses (one per incident and attempt), proposals, decisions on them, and what applying did.

import type { IncidentState } from '../core/index.js';
import type { AuditDetail, WorkOwner } from './types.js';

export const PLANNERS = ['claude', 'runbook'] as const;
export type PlannerName = (typeof PLANNERS)[number];

export const DIAGNOSIS_STATUSES = ['running', 'proposed', 'no_fix', 'failed'] as const;
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];

/** Tokens, turns, cost and time of one planner run; all zero for a runbook. */
export interface DiagnosisUsage {
  model: string | null;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
}

export interface NewDiagnosis {
  incidentId: number;
  /** 1, 2, …: (incidentId, attempt) is unique, so starting the same attempt twice yields one row. */
  attempt: number;
  planner: PlannerName;
  model: string | null;
  /** Defaults to the store's clock. */
  startedAt?: string;
  /** The revision (a reviewer's "Request changes") this diagnosis answers. */
  revisionId?: number;
}

export interface DiagnosisFinish {
  status: Exclude<DiagnosisStatus, 'running'>;
  /** The planner that produced the outcome, when it is not the one the diagnosis started with (runbooks → Claude). */
  planner?: PlannerName;
  usage: DiagnosisUsage;
  finishedAt?: string;
  error?: string;
  explanation?: string;
  /** The Claude session the planner ran in, so a revision or a question can resume it. */
  sessionId?: string;
}

export interface Diagnosis {
  id: number;
  incidentId: number;
  attempt: number;
  planner: PlannerName;
  model: string | null;
  status: DiagnosisStatus;
  startedAt: string;
  finishedAt: string | null;
  turns: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  durationMs: number | null;
  error: string | null;
  explanation: string | null;
  sessionId: string | null;
  revisionId: number | null;
}

/**
 * A proposal's own fate; the incident's state says where the fix is in the loop. `superseded`: a newer proposal
 * for the same incident replaced it; `withdrawn`: the incident moved on (e.g. resolved) before it could be offered.
 */
export const PROPOSAL_STATUSES = [
  'pending',
  'superseded',
  'withdrawn',
  'approved',
  'rejected',
  'expired',
  'applied',
  'apply_failed',
  'rolled_back',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** The store keeps summary and actions as JSON and does not know their shape: the fixer parses them (fixer/proposals.ts). */
export interface NewProposalRecord {
  incidentId: number;
  diagnosisId: number | null;
  summary: unknown;
  actions: unknown;
  /** The rendered, size-capped diff shown to reviewers. */
  diff: string;
  /** The safety envelope's verdict per action (fixer/envelope), as JSON; none for proposals from before it. */
  classes?: unknown;
  /** How a proposal planned in a manifests repository is delivered (planner's GitOps delivery); none for a live fix. */
  delivery?: unknown;
  createdAt?: string;
}

export interface ProposalRecord {
  id: number;
  incidentId: number;
  diagnosisId: number | null;
  createdAt: string;
  summary: unknown;
  actions: unknown;
  diff: string;
  classes: unknown;
  /** null for a live fix. */
  delivery: unknown;
  status: ProposalStatus;
}

export const DECISIONS = ['approve', 'reject', 'rollback'] as const;
export type DecisionKind = (typeof DECISIONS)[number];
export const DECISION_CHANNELS = ['slack', 'cli', 'policy'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

export interface NewDecision {
  proposalId: number;
  incidentId: number;
  actor: string;
  decision: DecisionKind;
  via: DecisionChannel;
  detail?: string | null;
  at?: string;
}

export interface Decision {
  id: number;
  proposalId: number;
  incidentId: number;
  actor: string;
  decision: DecisionKind;
  at: string;
  via: DecisionChannel;
  detail: string | null;
}

/** A decision that moves the incident and its proposal with it (see Store.decideProposal). */
export interface ProposalDecision {
  proposalId: number;
  incidentId: number;
  actor: string;
  decision: DecisionKind;
  via: DecisionChannel;
  /** Stored on the decision row, e.g. a rejection's reason. */
  detail?: string | null;
  /** Decisions that rule this one out: approve and reject exclude each other. */
  excludes?: readonly DecisionKind[];
  from: IncidentState | readonly IncidentState[];
  to: IncidentState;
  proposalFrom: ProposalStatus | readonly ProposalStatus[];
  proposalTo: ProposalStatus;
  /** The audit row's detail. */
  audit?: AuditDetail;
  /** The process taking the work on, when `to` is `approved` (TransitionMeta.owner). */
  owner?: WorkOwner;
}

/**
 * Taking back an approval nothing acted on (see Store.withdrawApproval): the incident goes `approved → proposed`,
 * the proposal `approved → pending`, and the approve row is removed, so the same proposal can be approved again.
 */
export interface ApprovalWithdrawal {
  proposalId: number;
  incidentId: number;
  /** Who withdrew it: the actor whose approval could not be carried out. */
  actor: string;
  /** The audit row's action, e.g. `recheck_failed`. */
  action: string;
  /** The audit row's detail; the removed decision (actor, time, channel) is added to it. */
  detail: Record<string, unknown>;
}

export type ProposalDecisionResult =
  | { outcome: 'decided'; decision: Decision }
  /** This decision, or one it excludes, was made before: the first one. */
  | { outcome: 'already'; decision: Decision }
  /** The incident or the proposal is no longer where the decision needs it; nothing was written. */
  | { outcome: 'moved_on'; state: IncidentState; proposalStatus: ProposalStatus };

export const APPLIED_ACTION_STATUSES = [
  'started',
  'done',
  'failed',
  'skipped',
  'rolled_back',
  'rollback_failed',
] as const;
export type AppliedActionStatus = (typeof APPLIED_ACTION_STATUSES)[number];

export interface NewAppliedAction {
  proposalId: number;
  /** The action's position in the proposal (0-based or 1-based, as the caller numbers them; unique per proposal). */
  seq: number;
  kind: string;
  /** What was acted on, e.g. "shop/web-7c9/web:/etc/web/config.yaml" or "Deployment shop/web". */
  target: string;
  /** What was there before (file content and hash, the previous spec), for rollback; JSON. */
  before: unknown;
  after: unknown;
  status: AppliedActionStatus;
  /** One sentence: what the action did, or why it failed or was skipped. */
  detail?: string | null;
  at?: string;
}

export interface AppliedAction {
  proposalId: number;
  seq: number;
  kind: string;
  target: string;
  before: unknown;
  after: unknown;
  status: AppliedActionStatus;
  detail: string | null;
  at: string;
}

export interface AppliedActionUpdate {
  status: AppliedActionStatus;
  /** Replaces the recorded detail when given. */
  detail?: string;
  /** Replaces the recorded `after` when given; `before` is never rewritten. */
  after?: unknown;
  /** Only update if the current status is one of these (a guarded update). */
  from?: AppliedActionStatus | readonly AppliedActionStatus[];
  at?: string;
}

/** One finished diagnosis committed with its incident's move: the outcome, its proposal, and the transition. */
export interface DiagnosisConclusion {
  diagnosisId: number;
  finish: DiagnosisFinish;
  /** Saved (superseding older pending proposals) when given; `withdrawn` if the incident could not move. */
  proposal?: Omit<NewProposalRecord, 'incidentId' | 'diagnosisId' | 'createdAt'>;
  /** The incident moves from `diagnosing` to this state, guarded. */
  to: Extract<IncidentState, 'proposed' | 'no_fix' | 'diagnosis_failed'>;
  actor: string;
  detail?: AuditDetail;
}

export interface ConcludedDiagnosis {
  /** False when the incident had left `diagnosing` (resolved meanwhile): the diagnosis is recorded, nothing moved. */
  moved: boolean;
  finished: boolean;
  proposalId?: number;
}
