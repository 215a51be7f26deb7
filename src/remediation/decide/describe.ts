// The sentences decisions answer with: why a decision cannot be made now, who decided first, and what is next.
import type { AuditEntry, Decision, Incident, ProposalRecord, Store } from '../../store/index.js';
import { REPLACED } from './binding.js';
import type { ActionLine, DecisionResult } from './types.js';

const VERB = { approve: 'approved', reject: 'rejected', rollback: 'rolled back' } as const;

export const label = (i: Pick<Incident, 'workloadKind' | 'workloadName' | 'namespace'>): string =>
  `${i.workloadKind.toLowerCase()}/${i.workloadName} in namespace ${i.namespace}`;

/** The reason stored with the incident's last move into `state`, if it gave one. */
export function lastReason(
  store: Pick<Store, 'auditTrail'>,
  incidentId: number,
  state: string,
): { at: string; reason?: string } | undefined {
  const entry: AuditEntry | undefined = store.auditTrail(incidentId).findLast((a) => a.toState === state);
  if (!entry) return undefined;
  let reason: string | undefined = entry.detail ?? undefined;
  try {
    const parsed = JSON.parse(entry.detail ?? '') as { reason?: unknown; detail?: unknown };
    reason =
      typeof parsed.reason === 'string' ? parsed.reason : typeof parsed.detail === 'string' ? parsed.detail : undefined;
  } catch {
    // A plain-text detail is the reason as it is.
  }
  return { at: entry.at, ...(reason ? { reason } : {}) };
}

/** What a person should do about an incident in its current state. */
export function nextStep(incident: Pick<Incident, 'id' | 'state'>): string | undefined {
  const id = incident.id;
  switch (incident.state) {
    case 'proposed':
      return `Review it with: clopus show ${id}; then clopus approve ${id} or clopus reject ${id}`;
    case 'revising':
      return `A revised proposal is being prepared; follow it with: clopus show ${id}`;
    case 'approved':
    case 'applying':
      return `It is being applied; follow it with: clopus show ${id}`;
    case 'applied':
      return `Clopus is verifying it; follow it with: clopus show ${id}`;
    case 'pr_open':
      return `Review and merge the pull request; Clopus follows it to the cluster (clopus show ${id}).`;
    case 'syncing':
      return `Merged; Clopus waits for the GitOps controller to sync it, then verifies (clopus show ${id}).`;
    case 'regressed':
      return `Roll it back with: clopus rollback ${id}`;
    case 'apply_failed':
      return `Undo what was done with: clopus rollback ${id}`;
    case 'rejected':
      return 'Fix the workload by hand; the incident resolves when it recovers.';
    case 'expired':
      return `Clopus diagnoses it again; approve the new proposal when it appears (clopus show ${id}).`;
    default:
      return undefined;
  }
}

/** "Incident 12 was already approved by cli:alice at … (via cli); it is now applied." */
export function alreadyDecided(incident: Incident, decision: Decision): DecisionResult {
  const why = decision.detail ? ` (${decision.detail})` : '';
  const next = nextStep(incident);
  return {
    ok: false,
    outcome: 'already_decided',
    incidentId: incident.id,
    proposalId: decision.proposalId,
    state: incident.state,
    message: `Incident ${incident.id} was already ${VERB[decision.decision]} by ${decision.actor} at ${decision.at} (via ${decision.via})${why}; it is now ${incident.state}.`,
    ...(next ? { next } : {}),
    decidedBy: {
      actor: decision.actor,
      at: decision.at,
      via: decision.via,
      decision: decision.decision,
      detail: decision.detail,
    },
  };
}

/** Why the latest proposal cannot be approved or rejected, when no decision explains it. */
export function notDecidable(
  store: Pick<Store, 'auditTrail'>,
  incident: Incident,
  proposal: Pick<ProposalRecord, 'id' | 'status'>,
): string {
  const id = incident.id;
  switch (proposal.status) {
    case 'superseded':
      return `Proposal ${proposal.id} is no longer current: ${REPLACED}. Nothing was changed; review incident ${id} again.`;
    case 'withdrawn':
      return `Proposal ${proposal.id} was withdrawn: incident ${id} moved on (it is ${incident.state}) before it could be decided.`;
    case 'expired': {
      const why = lastReason(store, id, 'expired');
      return `Proposal ${proposal.id} expired${why ? ` at ${why.at}` : ''}${why?.reason ? ` (${why.reason})` : ''}, so it may no longer fit the cluster.`;
    }
    default:
      break;
  }
  if (incident.state === 'resolved') {
    const why = lastReason(store, id, 'resolved');
    return `Incident ${id} resolved on its own${why ? ` at ${why.at}` : ''}${why?.reason ? ` (${why.reason})` : ''}; there is nothing to decide.`;
  }
  return `Incident ${id} is ${incident.state}, not waiting for a decision on proposal ${proposal.id} (${proposal.status}).`;
}

export function refused(incident: Incident, message: string, proposalId?: number): DecisionResult {
  const next = nextStep(incident);
  return {
    ok: false,
    outcome: 'refused',
    incidentId: incident.id,
    state: incident.state,
    message,
    ...(proposalId ? { proposalId } : {}),
    ...(next ? { next } : {}),
  };
}

export function notFound(incidentId: number): DecisionResult {
  return {
    ok: false,
    outcome: 'not_found',
    incidentId,
    message: `Incident ${incidentId} does not exist.`,
    next: 'List incidents with: clopus incidents',
  };
}

/** The actions' own sentences, joined: "patched deployment/cache; ran "nginx -s reload" in web-1/web". */
export function actionsText(lines: readonly ActionLine[], statuses: readonly string[]): string {
  return lines
    .filter((l) => statuses.includes(l.status))
    .map((l) => l.detail)
    .join('; ');
}
