// The store keeps incidents, their pods, evidence, audit trail and the fixer's records in SQLite; the only module that writes SQL.

export { type IncidentBudget, incidentBudget } from './budget.js';
export type {
  AppliedAction,
  AppliedActionStatus,
  AppliedActionUpdate,
  ApprovalWithdrawal,
  ConcludedDiagnosis,
  Decision,
  DecisionChannel,
  DecisionKind,
  Diagnosis,
  DiagnosisConclusion,
  DiagnosisFinish,
  DiagnosisStatus,
  DiagnosisUsage,
  NewAppliedAction,
  NewDecision,
  NewDiagnosis,
  NewProposalRecord,
  PlannerName,
  ProposalDecision,
  ProposalDecisionResult,
  ProposalRecord,
  ProposalStatus,
} from './fix-types.js';
export {
  APPLIED_ACTION_STATUSES,
  DECISION_CHANNELS,
  DECISIONS,
  DIAGNOSIS_STATUSES,
  PLANNERS,
  PROPOSAL_STATUSES,
} from './fix-types.js';
export type { LeaseClaim, LeaseHolder } from './lease.js';
export { MAX_PAGE_SIZE } from './list.js';
export { SCHEMA_VERSION } from './migrations.js';
export { openStore, type StoreOptions } from './open-store.js';
export type {
  AutoApprovalRequest,
  AutoApprovalReservation,
  IncidentChange,
  NewOutboxItem,
  OutboxItem,
  OutboxKind,
  OutboxRetry,
  OutboxStatus,
  Setting,
} from './outbox-types.js';
export { OUTBOX_KINDS, OUTBOX_STATUSES } from './outbox-types.js';
export {
  type NewPullRequest,
  PULL_REQUEST_STATES,
  type PullRequestRecord,
  type PullRequestState,
  type PullRequestUpdate,
} from './pull-requests.js';
export type {
  Answer,
  AnswerStatus,
  IncidentModelUsage,
  NewAnswer,
  Revision,
  RevisionChannel,
  RevisionRequest,
  RevisionResult,
} from './review-types.js';
export { ANSWER_STATUSES, REVISION_CHANNELS } from './review-types.js';
export type { DayTotals, DetectionHistogram, MetricsSnapshot, ModelUsageTotals, OverviewStats } from './stats-types.js';
export { DETECTION_BUCKETS_SECONDS } from './stats-types.js';
export type {
  AnswerRepository,
  AppliedActionRepository,
  DiagnosisRepository,
  EvidenceRepository,
  IncidentRepository,
  LeaseRepository,
  OutboxRepository,
  ProposalRepository,
  PullRequestRepository,
  RevisionRepository,
  SettingsRepository,
  StatsRepository,
  Store,
} from './store.js';
export { allTransitions, canTransition, isLive, TRANSITIONS } from './transitions.js';
export type {
  AuditDetail,
  AuditEntry,
  Incident,
  IncidentOrder,
  IncidentPage,
  IncidentPod,
  IncidentQuery,
  InFlightWork,
  NewIncident,
  Observation,
  PodChange,
  StoredEvidence,
  TransitionMeta,
  WorkOwner,
} from './types.js';
