// Incident states and the rows the store hands out.
import type { Reason, WorkloadKind, Evidence } from '../detector/types.js';

export const STATES = [
  'open',
  'diagnosing',
  'proposed',
  'no_fix',
  'diagnosis_failed',
  'approved',
  'rejected',
  'expired',
  'applying',
  'applied',
  'apply_failed',
  'verified',
  'regressed',
  'rolled_back',
  'resolved',
] as const;

export type IncidentState = (typeof STATES)[number];

/** States in which the detector still considers the incident live (updates it rather than creating a new one). */
export const OPEN_STATES: readonly IncidentState[] = STATES.filter((s) => s !== 'resolved' && s !== 'rolled_back');

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
