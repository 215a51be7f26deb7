// Incident states and the rows the store hands out.
import type { Evidence, IncidentState, Reason, WorkloadKind } from '../core/index.js';
import type {
  AppliedAction,
  AppliedActionUpdate,
  ApprovalWithdrawal,
  ConcludedDiagnosis,
  Decision,
  Diagnosis,
  DiagnosisConclusion,
  DiagnosisFinish,
  NewAppliedAction,
  NewDecision,
  NewDiagnosis,
  NewProposalRecord,
  ProposalDecision,
  ProposalDecisionResult,
  ProposalRecord,
  ProposalStatus,
} from './fix-types.js';
import type { LeaseClaim, LeaseHolder } from './lease.js';
import type {
  AutoApprovalRequest,
  AutoApprovalReservation,
  IncidentChange,
  NewOutboxItem,
  OutboxItem,
  OutboxRetry,
  OutboxStatus,
  Setting,
} from './outbox-types.js';
import type { DetectionHistogram, MetricsSnapshot, OverviewStats } from './stats-types.js';

export interface IncidentPod {
  name: string;
  uid: string;
  restarts: number;
  message: string;
  exitCode?: number;
  lastSeenAt: string;
}

export interface Incident {
  id: number;
  fingerprint: string;
  cluster: string;
  namespace: string;
  workloadKind: WorkloadKind;
  workloadName: string;
  container: string | null;
  reason: Reason;
  message: string;
  state: IncidentState;
  pods: IncidentPod[];
  restarts: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the detector first noticed the underlying pod change (for time-to-detect). */
  detectedAt: string;
  resolvedAt: string | null;
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
  /** Where the incident's Slack message lives, once it has been posted. */
  slackChannel?: string | null;
  slackTs?: string | null;
}

export interface AuditEntry {
  id: number;
  incidentId: number;
  at: string;
  actor: string;
  fromState: IncidentState | null;
  toState: IncidentState | null;
  action: string;
  detail: string | null;
}

export interface StoredEvidence extends Evidence {
  id: number;
  incidentId: number;
  collectedAt: string;
}

/** What the detector knows when it first groups findings into an incident. */
export interface NewIncident
  extends Pick<
    Incident,
    | 'fingerprint'
    | 'cluster'
    | 'namespace'
    | 'workloadKind'
    | 'workloadName'
    | 'container'
    | 'reason'
    | 'message'
    | 'restarts'
    | 'pods'
  > {
  /** When the problem was first seen (e.g. the first failing pod's event); defaults to now. */
  firstSeenAt?: string;
  /** When the detector noticed the pod change that led here; defaults to now. */
  detectedAt?: string;
}

/** One detector pass over a live incident: the pods affected right now. */
export interface Observation {
  pods: IncidentPod[];
  restarts: number;
  message: string;
  lastSeenAt: string;
}

/** Pod names that entered or left an incident in one observation (both empty when the set did not change). */
export interface PodChange {
  added: string[];
  removed: string[];
}

/** Free text, or an object stored as JSON text. */
export type AuditDetail = string | Record<string, unknown> | null;

export interface TransitionMeta {
  actor: string;
  /** What happened, e.g. "approve"; defaults to the target state. */
  action?: string;
  detail?: AuditDetail;
  /** Into `approved` or `applying`: the process taking the work on, stored typed on the incident (`inFlightWork`). */
  owner?: WorkOwner;
  /** Into `applied`: when the fix landed, the start of the verification window; defaults to the move's time. */
  verifySince?: string;
}

/** A process, by host and pid: who moved an incident into `approved` or `applying`. */
export interface WorkOwner {
  host: string;
  pid: number;
}

/**
 * The typed state of an incident's work in flight (migration 7), written in the transaction of the move that
 * starts it and cleared by the move that ends it. Control flow reads this, never the audit detail.
 */
export interface InFlightWork {
  state: IncidentState;
  /** In `approved`/`applying`: the process that moved it there, when it named one. */
  owner?: WorkOwner;
  /** In `approved`/`applying`: when it entered that state. */
  ownerSince?: string;
  /** In `applied`: when the fix landed, from which the verification window runs. */
  verifySince?: string;
}

export type IncidentOrder = 'updated_desc' | 'updated_asc' | 'created_desc' | 'created_asc';

export interface IncidentQuery {
  state?: IncidentState | readonly IncidentState[];
  namespace?: string;
  reason?: Reason;
  /** Substring of the workload name, namespace, message or fingerprint (case-insensitive for ASCII). */
  search?: string;
  /** Only incidents the detector last saw at or after this time (ISO 8601). */
  lastSeenSince?: string;
  /** Only the newest incident of its fingerprint: drops those a later incident of the same workload and reason took over. */
  newestOfFingerprint?: boolean;
  limit: number;
  offset: number;
  order?: IncidentOrder;
}

export interface IncidentPage {
  items: Incident[];
  /** Matches for the filters, ignoring limit and offset. */
  total: number;
}

/** The persistence every module reads and advances incidents through. Lookups return undefined when absent. */
export interface Store {
  readonly path: string;
  createIncident(input: NewIncident, actor: string): Incident;
  getIncident(id: number): Incident | undefined;
  findLive(fingerprint: string): Incident | undefined;
  findRecentlyResolved(fingerprint: string, since: Date): Incident | undefined;
  listLive(): Incident[];
  listIncidents(query: IncidentQuery): IncidentPage;
  countByState(): Record<IncidentState, number>;
  transition(
    id: number,
    from: IncidentState | readonly IncidentState[],
    to: IncidentState,
    meta: TransitionMeta,
  ): boolean;
  recordObservation(id: number, observation: Observation): PodChange;
  setSlackMessage(id: number, channel: string, ts: string): boolean;
  addEvidence(incidentId: number, evidence: Evidence): StoredEvidence;
  latestEvidence(incidentId: number): StoredEvidence | undefined;
  /** Up to `limit` newest evidence rows (one per pod looked at), newest first. */
  recentEvidence(incidentId: number, limit: number): StoredEvidence[];
  recordAudit(incidentId: number, actor: string, action: string, detail?: AuditDetail): AuditEntry;
  auditTrail(incidentId: number): AuditEntry[];
  /** The incident's typed in-flight state (who is applying it, since when; when its verification window began). */
  inFlightWork(incidentId: number): InFlightWork | undefined;

  /** Inserts the diagnosis for (incident, attempt) or returns the existing one; `created` says which. */
  startDiagnosis(input: NewDiagnosis): { diagnosis: Diagnosis; created: boolean };
  /** Records the outcome of a running diagnosis; false (nothing written) if it was already finished. */
  finishDiagnosis(id: number, finish: DiagnosisFinish): boolean;
  getDiagnosis(id: number): Diagnosis | undefined;
  listDiagnoses(incidentId: number): Diagnosis[];
  countDiagnoses(incidentId: number): number;
  /** Finishes a diagnosis, saves its proposal and moves the incident out of `diagnosing`, in one transaction. */
  concludeDiagnosis(input: DiagnosisConclusion): ConcludedDiagnosis;

  /** Saves a pending proposal; the incident's earlier pending proposals become `superseded`. */
  saveProposal(input: NewProposalRecord): ProposalRecord;
  getProposal(id: number): ProposalRecord | undefined;
  latestProposal(incidentId: number): ProposalRecord | undefined;
  listProposals(incidentId: number): ProposalRecord[];
  setProposalStatus(id: number, from: ProposalStatus | readonly ProposalStatus[], to: ProposalStatus): boolean;

  /** One row per proposal and decision kind; `created` is false for a repeat (a double click). */
  recordDecision(input: NewDecision): { decision: Decision; created: boolean };
  listDecisions(proposalId: number): Decision[];
  /** A decision, the proposal's status and the incident's move in one transaction; at most one of approve/reject wins. */
  decideProposal(input: ProposalDecision): ProposalDecisionResult;
  /**
   * Takes back an approval that was never carried out (the cluster could not be read to re-check it): incident,
   * proposal and decision row in one transaction. False, writing nothing, when the incident or the proposal has
   * moved on from `approved`.
   */
  withdrawApproval(input: ApprovalWithdrawal): boolean;

  /** One row per proposal and seq; a repeat keeps the first row (and its `before`). */
  recordAppliedAction(input: NewAppliedAction): { action: AppliedAction; created: boolean };
  updateAppliedAction(proposalId: number, seq: number, update: AppliedActionUpdate): boolean;
  listAppliedActions(proposalId: number): AppliedAction[];

  /** Figures for the dashboard's overview over the window from `since` to `until` (stats.ts). */
  overviewStats(since: Date, until: Date): OverviewStats;
  /** All-time aggregates for /metrics (metrics.ts). */
  metricsSnapshot(): MetricsSnapshot;
  /** Detection latency of the incidents with an id above `afterId`, for running histogram totals (metrics.ts). */
  detectionHistogram(afterId: number): DetectionHistogram;
  /** Up to `limit` distinct namespaces that have incidents, in order. */
  listNamespaces(limit: number): string[];
  /** Throws STORE_ERROR when the database cannot be read; for readiness checks. */
  ping(): void;
  /** Changes whenever an incident is created, moves, is observed, or gains evidence or fixer records (facets.ts). */
  changeStamp(): string;
  /** Runs `fn` (store calls) as one transaction, for bulk loads; a throw rolls all of it back (batch.ts). */
  batch<T>(fn: () => T): T;

  /** Slack deliveries (outbox.ts): enqueued in order, deduplicated by key; only each incident's oldest is due. */
  enqueueOutbox(items: readonly NewOutboxItem[]): OutboxItem[];
  dueOutbox(limit: number): OutboxItem[];
  nextOutboxAt(): string | undefined;
  claimOutbox(id: number): boolean;
  markOutboxSent(id: number, sent: { ts: string; channel: string }): boolean;
  retryOutbox(id: number, retry: OutboxRetry): boolean;
  failOutbox(id: number, error: string): boolean;
  supersedeOutbox(id: number, target: string): boolean;
  recoverOutbox(): number;
  outboxByKey(dedupeKey: string): OutboxItem | undefined;
  outboxById(id: number): OutboxItem | undefined;
  latestOutboxFor(target: string): OutboxItem | undefined;
  listOutbox(filter: {
    incidentId?: number;
    status?: OutboxStatus | readonly OutboxStatus[];
    limit?: number;
  }): OutboxItem[];
  /** Incidents whose audit trail grew past `afterAuditId` (changes.ts). */
  incidentChangesSince(afterAuditId: number, limit: number): IncidentChange[];
  incidentVersion(incidentId: number): number;
  /** Settings (policy-state.ts), e.g. the auto-approve pause switch. */
  getSetting(key: string): Setting | undefined;
  setSetting(key: string, value: unknown, by: string): Setting;
  countAutoApprovals(rule: string, namespace: string, since: string): number;
  autoApprovalCounts(since: string): Array<{ rule: string; namespace: string; n: number }>;
  /** Takes one auto-approval slot unless paused or over the limit, under one write lock. */
  reserveAutoApproval(req: AutoApprovalRequest): AutoApprovalReservation;
  /** The single-instance lease (lease.ts): taken unless a holder `gone` does not judge gone, renewed, released. */
  acquireLease(name: string, me: { host: string; pid: number }, gone: (holder: LeaseHolder) => boolean): LeaseClaim;
  renewLease(name: string, holder: LeaseHolder): boolean;
  leaseHolder(name: string): LeaseHolder | undefined;
  releaseLease(name: string, holder: LeaseHolder): void;
  close(): void;
}
