// Everything an incident's messages show, read from the store in one place, so rendering stays a pure function.

import type { IncidentState } from '../core/index.js';
import { describeError } from '../errors.js';
import type { Proposal } from '../planner/index.js';
import { parseProposalRecord } from '../planner/index.js';
import type { GitOpsDelivery } from '../planner/proposal/index.js';
import { actionsHash, lastReason } from '../remediation/index.js';
import type {
  Decision,
  Diagnosis,
  Incident,
  ProposalRecord,
  ProposalStatus,
  PullRequestRecord,
  Revision,
  Store,
  StoredEvidence,
} from '../store/index.js';

export interface ProposalView {
  id: number;
  status: ProposalStatus;
  createdAt: string;
  /** Undefined when the stored proposal no longer fits the schema (`error` says why); it is then never offered. */
  proposal: Proposal | undefined;
  error?: string;
  diff: string;
  /** The hash of its stored actions: a button carries it, and a decision on it is refused if they changed. */
  actionsHash: string;
  /** The approve or reject decision on it, and a rollback, if any. */
  decision: Decision | undefined;
  rollback: Decision | undefined;
  /** Delivered as a pull request to the manifests repository (a GitOps-managed workload); absent for a live fix. */
  delivery?: GitOpsDelivery;
  /** Why the policy did not auto-approve it, when a trusted rule looked at it. */
  autoSkipped?: string;
  /** The reviewer's "Request changes" that superseded it. */
  supersededBy?: Revision;
  /** The request it answers, and the diff of the proposal it replaces, when it is a revised proposal. */
  revises?: { revision: Revision; previousDiff: string | undefined };
}

export interface IncidentView {
  incident: Incident;
  evidence: StoredEvidence | undefined;
  diagnosis: Diagnosis | undefined;
  /** Every proposal, oldest first; the last one is the incident's current proposal. */
  proposals: ProposalView[];
  /** The reason recorded with the incident's move into its current state, if one was. */
  note: string | undefined;
  /** The pull request the fix went out as, for a GitOps-managed workload. */
  pullRequest?: PullRequestRecord | undefined;
  /** Every "Request changes" on the incident, oldest first. */
  revisions: Revision[];
}

const DECIDED = ['approve', 'reject'] as const;

function proposalView(store: Store, record: ProposalRecord): ProposalView {
  const decisions = store.listDecisions(record.id);
  const base = {
    id: record.id,
    status: record.status,
    createdAt: record.createdAt,
    diff: record.diff,
    actionsHash: actionsHash(record.actions),
    decision: decisions.find((d) => (DECIDED as readonly string[]).includes(d.decision)),
    rollback: decisions.find((d) => d.decision === 'rollback'),
  };
  try {
    const parsed = parseProposalRecord(record);
    return { ...base, proposal: parsed.proposal, ...(parsed.delivery ? { delivery: parsed.delivery } : {}) };
  } catch (err) {
    return { ...base, proposal: undefined, error: describeError(err) };
  }
}

function autoSkipped(store: Store, incidentId: number, proposalId: number): string | undefined {
  const entry = store.auditTrail(incidentId).findLast((a) => a.action === 'auto_approve_skipped');
  if (!entry?.detail) return undefined;
  try {
    const detail = JSON.parse(entry.detail) as { proposalId?: unknown; reason?: unknown };
    return detail.proposalId === proposalId && typeof detail.reason === 'string' ? detail.reason : undefined;
  } catch {
    return undefined;
  }
}

const NOTED: readonly IncidentState[] = [
  'no_fix',
  'diagnosis_failed',
  'rejected',
  'expired',
  'apply_failed',
  'verified',
  'regressed',
  'resolved',
  'open',
];

/** Ties each proposal to the revision that superseded it and to the one it answers (by its diagnosis, if need be). */
function linkRevisions(
  proposals: ProposalView[],
  revisions: Revision[],
  diagnoses: Diagnosis[],
  records: ProposalRecord[],
) {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const diagnosisOf = new Map(records.map((r) => [r.id, r.diagnosisId]));
  for (const revision of revisions) {
    const superseded = byId.get(revision.proposalId);
    if (superseded) superseded.supersededBy = revision;
    const fromDiagnosis = diagnoses.find((d) => d.revisionId === revision.id)?.id;
    const after =
      revision.proposalAfterId ??
      records.find((r) => fromDiagnosis !== undefined && diagnosisOf.get(r.id) === fromDiagnosis)?.id;
    const revised = after === undefined ? undefined : byId.get(after);
    if (revised) revised.revises = { revision, previousDiff: superseded?.diff };
  }
}

/** Reads the incident's view; undefined when the incident does not exist. */
export function loadIncidentView(store: Store, incidentId: number): IncidentView | undefined {
  const incident = store.getIncident(incidentId);
  if (!incident) return undefined;
  const records = store.listProposals(incidentId);
  const proposals = records.map((p) => proposalView(store, p));
  const latest = proposals.at(-1);
  if (latest) {
    const skipped = autoSkipped(store, incidentId, latest.id);
    if (skipped) latest.autoSkipped = skipped;
  }
  const diagnoses = store.listDiagnoses(incidentId);
  const revisions = store.revisionsOf(incidentId);
  linkRevisions(proposals, revisions, diagnoses, records);
  return {
    incident,
    evidence: store.latestEvidence(incidentId),
    diagnosis: diagnoses.at(-1),
    proposals,
    note: NOTED.includes(incident.state) ? lastReason(store, incidentId, incident.state)?.reason : undefined,
    pullRequest: store.latestPullRequest(incidentId),
    revisions,
  };
}
