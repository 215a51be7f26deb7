// Approving: one guarded decision, a read-only re-check, then `approved → applying → applied | apply_failed`.
// Every move is written before the cluster is touched, so a crash leaves a state that says what was under way.
import { describeError } from '../../errors.js';
import { parseProposalRecord, type StoredProposal } from '../../planner/index.js';
import type { DecisionChannel, Incident } from '../../store/index.js';
import { type RecheckResult, recheck, recheckFailure } from '../apply/index.js';
import { applyLive, expireStale, linesOf } from './apply-steps.js';
import { applyAsPullRequest } from './approve-pr.js';
import { type ExpectedProposal, replacedBecause } from './binding.js';
import { actionsText, alreadyDecided, label, nextStep, notDecidable, notFound, refused } from './describe.js';
import { beginWork, endWork, thisProcess } from './in-flight.js';
import { applyIncidentOf, plannedStateOf } from './incident-view.js';
import type { DecideDeps, DecisionResult } from './types.js';
import { withdrawUnchecked } from './unchecked.js';

export interface ApproveOptions {
  /** Called once the fix is applied, e.g. to verify it in the background. */
  onApplied?: (incidentId: number) => void;
  /**
   * The proposal the person saw. A face a person decides through always passes it; anything else (a newer
   * proposal, other actions) is refused and nothing changes. Only the auto-approve policy, which read the latest
   * proposal itself, leaves it out.
   */
  expected?: ExpectedProposal;
  /**
   * "Live patch now + PR", for a proposal planned in the manifests repository whose manager does not revert drift:
   * the offered live patch goes in at once and the PR makes it last. Refused where it was not offered.
   */
  live?: boolean;
}

/** Refuses, and expires, a proposal older than the expiry: the cluster may have moved on since it was planned. */
function expireIfOld(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  actor: string,
): DecisionResult | undefined {
  const minutes = deps.config.proposalExpiryMinutes;
  const now = (deps.now ?? (() => new Date()))();
  if (incident.state !== 'proposed' || proposal.status !== 'pending') return undefined;
  if (now.getTime() - Date.parse(proposal.createdAt) < minutes * 60_000) return undefined;
  const reason = `no decision within ${minutes} minutes`;
  if (
    !deps.store.transition(incident.id, 'proposed', 'expired', {
      actor,
      action: 'expired',
      detail: { proposalId: proposal.id, reason },
    })
  )
    return undefined;
  deps.store.setProposalStatus(proposal.id, 'pending', 'expired');
  return {
    ok: false,
    outcome: 'expired',
    incidentId: incident.id,
    proposalId: proposal.id,
    state: 'expired',
    message: `Not applied: proposal ${proposal.id} was made at ${proposal.createdAt}, more than ${minutes} minutes ago, so it may no longer fit the cluster. It has expired; nothing was changed.`,
    next: nextStep({ id: incident.id, state: 'expired' })!,
  };
}

/** From `approved`: re-check, claim `applying`, apply, and record the outcome. */
async function applyApproved(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  actor: string,
  opts: ApproveOptions,
): Promise<DecisionResult> {
  if (proposal.delivery) return applyAsPullRequest(deps, incident, proposal, actor, opts);
  const { store, kube, logger } = deps;
  const id = incident.id;
  const base = { incidentId: id, proposalId: proposal.id };
  const target = applyIncidentOf(incident);
  // The classes the envelope gave the proposal when it was made: apply refuses if any has changed since.
  const planned = { ...plannedStateOf(incident), classes: proposal.classes };
  let checked: RecheckResult;
  try {
    checked = await recheck(kube, proposal.proposal, target, planned, deps.config.envelope);
  } catch (err) {
    // Unreachable, forbidden or failing while only reading: nothing changed, and nothing speaks against the proposal.
    logger.warn({ err, incidentId: id }, 're-check before applying failed');
    return withdrawUnchecked(deps, incident, proposal, actor, recheckFailure(err));
  }
  if (!checked.ok && checked.status === 'stale')
    return expireStale(
      deps,
      incident,
      proposal.id,
      actor,
      checked.reason,
      `Not applied: the proposal no longer fits the cluster (${checked.reason}). Nothing was changed; incident ${id} has expired.`,
    );
  const owner = thisProcess();
  if (
    !store.transition(id, 'approved', 'applying', {
      actor,
      action: 'apply',
      owner,
      detail: { proposalId: proposal.id, process: owner },
    })
  ) {
    const now = store.getIncident(id) ?? incident;
    store.setProposalStatus(proposal.id, 'approved', 'withdrawn');
    const why = now.state === 'resolved' ? ' (the workload recovered on its own)' : '';
    return refused(
      now,
      `Not applied: incident ${id} became ${now.state}${why} before the fix could start. Nothing was changed.`,
      proposal.id,
    );
  }

  const outcome = await applyLive(deps, incident, proposal.id, proposal.proposal, planned);
  const actions = linesOf(outcome);
  if (outcome.status === 'applied') {
    const moved = store.transition(id, 'applying', 'applied', {
      actor,
      action: 'applied',
      verifySince: outcome.at,
      detail: { proposalId: proposal.id, since: outcome.at, actions },
    });
    store.setProposalStatus(proposal.id, 'approved', 'applied');
    if (!moved) {
      const now = store.getIncident(id) ?? incident;
      return refused(
        now,
        `The fix was applied (${actionsText(actions, ['applied'])}), but meanwhile incident ${id} was marked ${now.state}; check it with clopus show ${id}.`,
        proposal.id,
      );
    }
    opts.onApplied?.(id);
    return {
      ...base,
      ok: true,
      outcome: 'applied',
      state: 'applied',
      actions,
      message: `Approved by ${actor} and applied to ${label(incident)}: ${actionsText(actions, ['applied'])}.`,
      next: `Clopus now watches it for ${deps.config.verifyWindowSeconds} s and records verified or regressed; follow it with: clopus show ${id}`,
    };
  }
  const reason =
    outcome.status === 'stale'
      ? `the proposal no longer fits the cluster (${outcome.reason}); nothing was applied`
      : (outcome.reason ?? 'an action failed');
  store.transition(id, 'applying', 'apply_failed', {
    actor,
    action: 'apply_failed',
    detail: { proposalId: proposal.id, reason, actions },
  });
  store.setProposalStatus(proposal.id, 'approved', 'apply_failed');
  const done = actionsText(actions, ['applied']);
  return {
    ...base,
    ok: false,
    outcome: 'apply_failed',
    state: 'apply_failed',
    actions,
    message: `Applying failed: ${reason}.${done ? ` Done before the failure: ${done}.` : ' Nothing was changed.'}`,
    next: done
      ? `Undo what was done with: clopus rollback ${id}`
      : `Check the workload by hand; clopus show ${id} has the details.`,
  };
}

/**
 * Approves incident `incidentId`'s proposal and applies exactly it: the latest one, which must be `opts.expected`
 * when given. A repeat or a lost race is told who decided.
 */
export async function approveIncident(
  deps: DecideDeps,
  incidentId: number,
  actor: string,
  via: DecisionChannel,
  opts: ApproveOptions = {},
): Promise<DecisionResult> {
  const { store } = deps;
  const incident = store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  const record = store.latestProposal(incidentId);
  if (!record) return refused(incident, `Incident ${incidentId} has no proposal to approve (it is ${incident.state}).`);
  // The decision below is made on this record's id, so what is checked here is what is applied.
  const replaced = opts.expected ? replacedBecause(incidentId, record, opts.expected) : undefined;
  if (replaced) {
    deps.logger.info(
      { incidentId, proposalId: record.id, expected: opts.expected, actor, via },
      'approval of a replaced proposal refused',
    );
    return refused(incident, `Not approved: ${replaced}`, record.id);
  }
  let proposal: StoredProposal;
  try {
    proposal = parseProposalRecord(record);
  } catch (err) {
    return refused(incident, describeError(err), record.id);
  }
  const expired = expireIfOld(deps, incident, proposal, actor);
  if (expired) return expired;
  if (opts.live && !proposal.delivery?.livePatch)
    return refused(
      incident,
      proposal.delivery
        ? `Not approved: a live patch is not offered for proposal ${proposal.id}: ${proposal.delivery.manager.description}. Approve the pull request alone.`
        : `Not approved: proposal ${proposal.id} is a live fix, not a pull request; approve it without "live patch now + PR".`,
      proposal.id,
    );

  const owner = thisProcess();
  const decided = store.decideProposal({
    proposalId: proposal.id,
    incidentId,
    actor,
    decision: 'approve',
    via,
    excludes: ['reject'],
    from: 'proposed',
    to: 'approved',
    proposalFrom: 'pending',
    proposalTo: 'approved',
    owner,
    audit: { proposalId: proposal.id, via, process: owner },
  });
  if (decided.outcome === 'already') return alreadyDecided(store.getIncident(incidentId) ?? incident, decided.decision);
  if (decided.outcome === 'moved_on') {
    const now = store.getIncident(incidentId) ?? incident;
    return refused(
      now,
      `Not approved: ${notDecidable(store, now, { id: proposal.id, status: decided.proposalStatus })}`,
      proposal.id,
    );
  }
  deps.logger.info({ incidentId, proposalId: proposal.id, actor, via }, 'proposal approved');
  beginWork(store, incidentId);
  try {
    return await applyApproved(deps, { ...incident, state: 'approved' }, proposal, actor, opts);
  } finally {
    endWork(store, incidentId);
  }
}
