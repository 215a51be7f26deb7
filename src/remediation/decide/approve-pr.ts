// Approving a proposal planned in the manifests repository: `approved → applying → pr_open`. The clone and the
// blob check come first, read-only, so a file that changed since planning expires the proposal with nothing
// pushed; a repository that cannot be read withdraws the approval, as a re-check that cannot read the cluster does.
import { describeError } from '../../errors.js';
import type { StoredProposal } from '../../planner/proposal/index.js';
import type { Incident } from '../../store/index.js';
import { prepareDelivery, pushPullRequest } from '../pull-request/deliver.js';
import { expireStale } from './apply-steps.js';
import { type LiveOptions, liveThenPullRequest } from './approve-live.js';
import { refused } from './describe.js';
import { thisProcess } from './in-flight.js';
import type { DecideDeps, DecisionResult } from './types.js';
import { withdrawUnchecked } from './unchecked.js';

export async function applyAsPullRequest(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  actor: string,
  opts: LiveOptions = {},
): Promise<DecisionResult> {
  const { store } = deps;
  const id = incident.id;
  const base = { incidentId: id, proposalId: proposal.id };
  const prepared = await prepareDelivery(deps, proposal);
  if (prepared.status === 'unreadable') {
    deps.logger.warn({ incidentId: id, reason: prepared.reason }, 'reading the manifests repository failed');
    return withdrawUnchecked(deps, incident, proposal, actor, {
      kind: 'error',
      sentence: `the manifests repository could not be read (${prepared.reason})`,
    });
  }
  if (prepared.status === 'stale')
    return expireStale(
      deps,
      incident,
      proposal.id,
      actor,
      prepared.reason,
      `Not delivered: the proposal no longer fits the repository (${prepared.reason}). Nothing was pushed; incident ${id} has expired.`,
    );
  const ready = prepared.prepared;
  try {
    const owner = thisProcess();
    const detail = { proposalId: proposal.id, via: 'pull_request', repository: ready.repo.url, process: owner };
    if (!store.transition(id, 'approved', 'applying', { actor, action: 'apply', owner, detail })) {
      const now = store.getIncident(id) ?? incident;
      store.setProposalStatus(proposal.id, 'approved', 'withdrawn');
      return refused(
        now,
        `Not delivered: incident ${id} became ${now.state} before the PR could be opened.`,
        proposal.id,
      );
    }
    if (opts.live && proposal.delivery?.livePatch)
      return await liveThenPullRequest(deps, incident, proposal, actor, ready, opts);
    let pr: Awaited<ReturnType<typeof pushPullRequest>>;
    try {
      pr = await pushPullRequest(deps, incident, proposal, ready, actor);
    } catch (err) {
      deps.logger.warn({ err, incidentId: id }, 'opening the pull request failed');
      const reason = `opening the pull request failed: ${describeError(err)}`;
      store.transition(id, 'applying', 'apply_failed', {
        actor,
        action: 'apply_failed',
        detail: { proposalId: proposal.id, reason },
      });
      store.setProposalStatus(proposal.id, 'approved', 'apply_failed');
      return {
        ...base,
        ok: false,
        outcome: 'apply_failed',
        state: 'apply_failed',
        message: `Not delivered: ${reason}. Nothing reached the cluster.`,
        next: `Fix what the message says, then diagnose again (clopus show ${id}).`,
      };
    }
    const opened = pr.forge === 'github' ? `opened pull request #${pr.number}` : `pushed branch ${pr.branch}`;
    store.transition(id, 'applying', 'pr_open', {
      actor,
      action: 'pr_opened',
      detail: { proposalId: proposal.id, url: pr.url, number: pr.number, branch: pr.branch, base: pr.base },
    });
    return {
      ...base,
      ok: true,
      outcome: 'pr_opened',
      state: 'pr_open',
      message:
        pr.forge === 'github'
          ? `Approved by ${actor}: ${opened} against ${pr.base} of ${pr.repoUrl}: ${pr.url}`
          : `Approved by ${actor}: ${opened} to ${pr.repoUrl}. Open the pull request here: ${pr.url}`,
      next:
        pr.forge === 'github'
          ? `Merge it when the review passes; Clopus waits for ${ready.delivery.manager.kind === 'argocd' ? 'Argo CD' : 'Flux'} to sync the merge commit, then verifies (clopus show ${id}).`
          : `Open and merge the PR; this host has no API Clopus can follow, so check the workload after the sync (clopus show ${id}).`,
    };
  } finally {
    await ready.cleanup();
  }
}
