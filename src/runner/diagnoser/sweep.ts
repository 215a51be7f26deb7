// The periodic pass that catches what events missed: incidents waiting for a diagnosis or a retry, proposals
// nobody decided on in time, and diagnoses a stopped bot left half done.

import type { IncidentState } from '../../core/index.js';
import { FIXER_ACTOR } from '../../core/index.js';
import { NO_USAGE } from '../../planner/index.js';
import type { Incident, Store } from '../../store/index.js';
import { MAX_PAGE_SIZE } from '../../store/index.js';
import type { DiagnoseDeps } from './types.js';

/** How long past the planner's own time limit a diagnosis may run before it counts as abandoned. */
const ABANDON_GRACE_MS = 120_000;
// `revising` too: a bot that stopped between a reviewer's "Request changes" and the revised diagnosis resumes it.
const DIAGNOSABLE: readonly IncidentState[] = ['open', 'diagnosis_failed', 'expired', 'revising'];

export interface SweepResult {
  enqueued: number;
  expired: number;
  abandoned: number;
}

function incidentsIn(store: Store, state: IncidentState | readonly IncidentState[]): Incident[] {
  const all: Incident[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = store.listIncidents({ state, limit: MAX_PAGE_SIZE, offset, order: 'created_asc' });
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) return all;
  }
}

/** Proposed incidents whose pending proposal is older than the expiry move to `expired` (and may be re-diagnosed). */
function expireProposals(deps: DiagnoseDeps, now: Date): number {
  const { store, config } = deps;
  let expired = 0;
  for (const incident of incidentsIn(store, 'proposed')) {
    const proposal = store.latestProposal(incident.id);
    if (proposal?.status !== 'pending') continue;
    const age = now.getTime() - Date.parse(proposal.createdAt);
    if (age < config.proposalExpiryMinutes * 60_000) continue;
    const detail = { proposalId: proposal.id, reason: `no decision within ${config.proposalExpiryMinutes} minutes` };
    if (store.transition(incident.id, 'proposed', 'expired', { actor: FIXER_ACTOR, detail })) {
      store.setProposalStatus(proposal.id, 'pending', 'expired');
      expired++;
    }
  }
  return expired;
}

/** Diagnoses stuck in `diagnosing` far past the time limit, that this process is not running, end as failed. */
function failAbandoned(deps: DiagnoseDeps, now: Date, isRunning: (id: number) => boolean): number {
  const { store, config, logger } = deps;
  const limitMs = config.timeoutSeconds * 1000 + ABANDON_GRACE_MS;
  let abandoned = 0;
  for (const incident of incidentsIn(store, 'diagnosing')) {
    if (isRunning(incident.id)) continue;
    const running = store.listDiagnoses(incident.id).findLast((d) => d.status === 'running');
    const since = running?.startedAt ?? store.auditTrail(incident.id).findLast((a) => a.toState === 'diagnosing')?.at;
    if (since === undefined || now.getTime() - Date.parse(since) < limitMs) continue;
    const reason = 'the diagnosis never finished (the bot probably stopped while it ran)';
    const moved = running
      ? store.concludeDiagnosis({
          diagnosisId: running.id,
          finish: { status: 'failed', usage: NO_USAGE, error: reason },
          to: 'diagnosis_failed',
          actor: FIXER_ACTOR,
          detail: { attempt: running.attempt, reason },
        }).moved
      : store.transition(incident.id, 'diagnosing', 'diagnosis_failed', { actor: FIXER_ACTOR, detail: { reason } });
    if (moved) {
      logger.warn({ incidentId: incident.id, since }, 'abandoned diagnosis marked failed');
      abandoned++;
    }
  }
  return abandoned;
}

/**
 * One sweep: expire stale proposals, fail abandoned diagnoses, and enqueue every incident that may need a
 * diagnosis (the diagnosis itself decides whether it is due, so enqueueing too much costs a read, not a run).
 */
export function sweepDiagnoses(
  deps: DiagnoseDeps,
  queue: { enqueue(id: number): void; has(id: number): boolean },
): SweepResult {
  const now = (deps.now ?? (() => new Date()))();
  const expired = expireProposals(deps, now);
  const abandoned = failAbandoned(deps, now, (id) => queue.has(id));
  const candidates = incidentsIn(deps.store, DIAGNOSABLE);
  for (const incident of candidates) queue.enqueue(incident.id);
  return { enqueued: candidates.length, expired, abandoned };
}
