// "Live patch now + PR" (offered only where the manager does not revert drift): from `applying`, the offered live
// patch goes in first, as any live fix does; then the PR that makes it last. The incident moves to `applied` on the
// live patch and is verified as usual; the PR is followed beside it (pull_requests.live_patch) without moving it.
import { describeError } from '../../errors.js';
import type { StoredProposal } from '../../planner/proposal/index.js';
import type { Incident, PullRequestRecord } from '../../store/index.js';
import { type PreparedDelivery, pushPullRequest } from '../pull-request/deliver.js';
import { applyLive, linesOf } from './apply-steps.js';
import { actionsText, label, nextStep } from './describe.js';
import { plannedStateOf } from './incident-view.js';
import type { DecideDeps, DecisionResult } from './types.js';

export interface LiveOptions {
  live?: boolean;
  onApplied?: (incidentId: number) => void;
}

export async function liveThenPullRequest(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  actor: string,
  ready: PreparedDelivery,
  opts: LiveOptions,
): Promise<DecisionResult> {
  const { store } = deps;
  const id = incident.id;
  const live = ready.delivery.livePatch!;
  const base = { incidentId: id, proposalId: proposal.id };
  const outcome = await applyLive(
    deps,
    incident,
    proposal.id,
    { summary: proposal.proposal.summary, actions: [live.action] },
    { ...plannedStateOf(incident), classes: live.classes },
  );
  const actions = linesOf(outcome);
  if (outcome.status !== 'applied') {
    const reason =
      outcome.status === 'stale'
        ? `the live patch no longer fits the cluster (${outcome.reason}); nothing was applied`
        : (outcome.reason ?? 'the live patch failed');
    store.transition(id, 'applying', 'apply_failed', {
      actor,
      action: 'apply_failed',
      detail: { proposalId: proposal.id, reason, actions },
    });
    store.setProposalStatus(proposal.id, 'approved', 'apply_failed');
    return {
      ...base,
      ok: false,
      outcome: 'apply_failed',
      state: 'apply_failed',
      actions,
      message: `Applying the live patch failed: ${reason}. No pull request was opened.`,
      next: nextStep({ id, state: 'apply_failed' })!,
    };
  }
  let pr: PullRequestRecord | undefined;
  let prError: string | undefined;
  try {
    pr = await pushPullRequest(deps, incident, proposal, ready, actor, { livePatch: true });
  } catch (err) {
    deps.logger.warn({ err, incidentId: id }, 'opening the pull request beside the live patch failed');
    prError = describeError(err);
  }
  store.transition(id, 'applying', 'applied', {
    actor,
    action: 'applied',
    verifySince: outcome.at,
    detail: { proposalId: proposal.id, since: outcome.at, actions, pullRequest: pr?.url ?? null },
  });
  store.setProposalStatus(proposal.id, 'approved', 'applied');
  opts.onApplied?.(id);
  const done = actionsText(actions, ['applied']);
  const after = pr
    ? ` and opened pull request ${pr.number === null ? `branch ${pr.branch}` : `#${pr.number}`} (${pr.url}) so that the fix survives the next sync`
    : `, but opening the pull request failed (${prError}): the next sync will revert the live patch unless the change reaches ${ready.delivery.base}`;
  return {
    ...base,
    ok: true,
    outcome: 'applied',
    state: 'applied',
    actions,
    message: `Approved by ${actor} and patched live on ${label(incident)} (${done})${after}.`,
    next: `Clopus now watches it for ${deps.config.verifyWindowSeconds} s and records verified or regressed; follow it with: clopus show ${id}`,
  };
}
