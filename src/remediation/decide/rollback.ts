// Rolling back: restore what the applied proposal changed, from its records, and move the incident to
// `rolled_back`. A failed rollback stays where it was and can be asked for again: rollbackProposal only redoes
// what is still needed.

import type { IncidentState } from '../../core/index.js';
import { describeError } from '../../errors.js';
import type { DecisionChannel } from '../../store/index.js';
import { type RollbackOutcome, rollbackProposal, storeActionRecorder } from '../apply/index.js';
import { actionsText, label, notFound, refused } from './describe.js';
import { beginWork, endWork, workingHere } from './in-flight.js';
import type { ActionLine, DecideDeps, DecisionResult } from './types.js';

const ROLLBACKABLE: readonly IncidentState[] = ['applied', 'regressed', 'apply_failed'];

export interface RollbackOptions {
  /** Called before anything is undone, e.g. to stop verifying the fix. */
  onRollback?: (incidentId: number) => void;
}

function whyNot(deps: DecideDeps, incidentId: number, state: IncidentState, proposalId: number | undefined): string {
  const first =
    proposalId === undefined ? undefined : deps.store.listDecisions(proposalId).find((d) => d.decision === 'rollback');
  switch (state) {
    case 'rolled_back':
      return first
        ? `Incident ${incidentId} was already rolled back by ${first.actor} at ${first.at} (via ${first.via}).`
        : `Incident ${incidentId} is already rolled back.`;
    case 'verified':
      return `Incident ${incidentId} was verified and is closed, so Clopus does not roll it back; if the workload breaks again, the detector files a new incident.`;
    case 'approved':
    case 'applying':
      return `Incident ${incidentId} is still being applied; wait for it to finish (clopus show ${incidentId}), then roll it back.`;
    default:
      return `Nothing was applied for incident ${incidentId} (it is ${state}), so there is nothing to roll back.`;
  }
}

/**
 * Why Clopus does not roll back a fix that went to the cluster only through git (a pull request alone): it does not
 * revert git; a person reverts the PR, and the controller syncs the revert. Undefined for any fix applied live
 * (including a live patch beside a PR, which is undone as usual).
 */
function gitRollback(deps: DecideDeps, incidentId: number, proposalId: number, delivered: boolean): string | undefined {
  if (!delivered) return undefined;
  const pr = deps.store.pullRequestsOf(incidentId).find((p) => p.proposalId === proposalId);
  if (pr?.livePatch) return undefined;
  if (!pr)
    return `Incident ${incidentId}'s fix was to go out as a pull request, and none was opened, so nothing reached the cluster and there is nothing to roll back.`;
  const what = pr.number === null ? `the branch ${pr.branch}` : `pull request #${pr.number} (${pr.url})`;
  return pr.state === 'merged'
    ? `Incident ${incidentId}'s fix reached the cluster through git, as ${what}${pr.mergedBy ? `, merged by ${pr.mergedBy}` : ''}; Clopus does not roll back git. Revert that merge on ${pr.base}, and the GitOps controller syncs the revert.`
    : `Incident ${incidentId}'s fix is ${what}, not merged, so nothing reached the cluster through it; close it if it should not land.`;
}

/** Rolls back what incident `incidentId`'s proposal applied, if it is applied, regressed or apply_failed. */
export async function rollbackIncident(
  deps: DecideDeps,
  incidentId: number,
  actor: string,
  via: DecisionChannel,
  opts: RollbackOptions = {},
): Promise<DecisionResult> {
  const { store, logger } = deps;
  const incident = store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  const proposal = store.latestProposal(incidentId);
  if (!ROLLBACKABLE.includes(incident.state) || !proposal)
    return refused(incident, whyNot(deps, incidentId, incident.state, proposal?.id), proposal?.id);
  const viaGit = gitRollback(
    deps,
    incidentId,
    proposal.id,
    proposal.delivery !== null && proposal.delivery !== undefined,
  );
  if (viaGit) return refused(incident, viaGit, proposal.id);
  if (workingHere(store, incidentId))
    return refused(
      incident,
      `A rollback of incident ${incidentId} is already running; follow it with: clopus show ${incidentId}`,
      proposal.id,
    );

  // The first rollback is the decision; a later one (after a failed rollback was fixed by hand) is a retry, audited too.
  const { decision, created } = store.recordDecision({
    proposalId: proposal.id,
    incidentId,
    actor,
    decision: 'rollback',
    via,
  });
  store.recordAudit(incidentId, actor, created ? 'rollback' : 'rollback_retry', {
    proposalId: proposal.id,
    via,
    ...(created ? {} : { firstBy: decision.actor, firstAt: decision.at }),
  });
  opts.onRollback?.(incidentId);
  beginWork(store, incidentId);
  const recorder = deps.recorder ?? storeActionRecorder(store);
  let outcome: RollbackOutcome = { status: 'rolled_back', results: [] };
  try {
    // An apply that stopped before its first action left nothing to undo; closing it is all a rollback can do.
    if ((await recorder.list(proposal.id)).length > 0) {
      outcome = await rollbackProposal({
        kube: deps.kube,
        recorder,
        proposalId: proposal.id,
        logger,
        ...(deps.now ? { now: deps.now } : {}),
      });
    }
  } catch (err) {
    outcome = { status: 'rollback_failed', results: [], reason: describeError(err) };
  } finally {
    endWork(store, incidentId);
  }
  const actions: ActionLine[] = outcome.results.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    status: r.status,
    detail: r.detail,
  }));
  const base = { incidentId, proposalId: proposal.id, actions };

  if (outcome.status === 'rollback_failed') {
    store.recordAudit(incidentId, actor, 'rollback_failed', {
      proposalId: proposal.id,
      reason: outcome.reason,
      actions,
    });
    const state = store.getIncident(incidentId)?.state ?? incident.state;
    const done = actionsText(actions, ['rolled_back']);
    return {
      ...base,
      ok: false,
      outcome: 'rollback_failed',
      state,
      message: `Rollback incomplete: ${outcome.reason}.${done ? ` Restored: ${done}.` : ''} Incident ${incidentId} stays ${state}.`,
      next: `Fix the rest by hand, then run clopus rollback ${incidentId} again (it only redoes what is still needed).`,
    };
  }
  const moved = store.transition(incidentId, ROLLBACKABLE, 'rolled_back', {
    actor,
    action: 'rolled_back',
    detail: { proposalId: proposal.id, actions },
  });
  store.setProposalStatus(proposal.id, ['applied', 'apply_failed'], 'rolled_back');
  const state = store.getIncident(incidentId)?.state ?? incident.state;
  const restored = actionsText(actions, ['rolled_back']);
  const irreversible = actionsText(actions, ['irreversible']);
  logger.info({ incidentId, proposalId: proposal.id, actor, via, moved }, 'proposal rolled back');
  const text = [
    `Rolled back by ${actor} on ${label(incident)}: ${restored || 'nothing needed restoring'}.`,
    irreversible ? `Not undoable: ${irreversible}.` : '',
    moved ? '' : `Incident ${incidentId} had meanwhile become ${state}, so it was not marked rolled back.`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    ...base,
    ok: true,
    outcome: 'rolled_back',
    state,
    message: text,
    next: 'The original problem may come back; if it does, the detector files it again.',
  };
}
