// Incident states and the rows the store hands out.
import type { Evidence, IncidentState, Reason, WorkloadKind, WorkloadManager } from '../core/index.js';

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
  /** Who deploys the workload (Argo CD, Flux, Helm), as the planner found it; null or absent when unknown or none. */
  manager?: WorkloadManager | null;
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
