// Following pull requests to the cluster, one pass at a time: an open PR is polled (a conditional request: an
// unchanged PR costs no rate limit) until it is merged (`pr_open → syncing`) or closed unmerged (`→ rejected`,
// naming who closed it); a merged one waits for its manager to report the merge commit as synced (`→ applied`,
// and verification starts) or for the sync timeout (`→ apply_failed`).
import { FIXER_ACTOR } from '../../core/index.js';
import { pollPullRequest, syncedRevision } from '../../gitops/index.js';
import { loadProposal } from '../../planner/proposal/index.js';
import type { PullRequestRecord } from '../../store/index.js';
import type { DecideDeps, GitOpsDeps } from '../decide/types.js';
import { repositoryFor, tokenFor, tokenSource } from './repository.js';

export interface TrackOptions {
  /** Called when a merged PR's commit is synced and the incident is `applied`, e.g. to verify it. */
  onApplied?: (incidentId: number) => void;
  /** Called after each move a pass makes (merged, closed, synced, timed out), e.g. to update the Slack message. */
  onChange?: (incidentId: number) => void;
}

export interface TrackSummary {
  polled: number;
  merged: number;
  closed: number;
  synced: number;
  timedOut: number;
  failed: number;
}

const forgeActor = (login: string | undefined) => (login ? `github:${login}` : 'github');

async function followOpen(
  deps: DecideDeps,
  gitops: GitOpsDeps,
  pr: PullRequestRecord,
  sum: TrackSummary,
  opts: TrackOptions,
) {
  if (pr.forge !== 'github' || pr.number === null) return;
  // A PR beside a live patch is followed whatever the incident's state; it moves nothing, only records.
  if (!pr.livePatch && deps.store.getIncident(pr.incidentId)?.state !== 'pr_open') return;
  const repo = repositoryFor(gitops, pr.repoUrl);
  const token = await tokenFor(deps.kube, gitops, repo);
  sum.polled++;
  const polled = await pollPullRequest({
    repoUrl: repo.url,
    ...(repo.apiUrl ? { apiUrl: repo.apiUrl } : {}),
    token,
    number: pr.number,
    ...(pr.etag ? { etag: pr.etag } : {}),
    tokenSource: tokenSource(gitops, repo),
  });
  if (polled === 'unchanged') return;
  const etag = polled.etag ? { etag: polled.etag } : {};
  if (polled.state === 'open') {
    deps.store.updatePullRequest(pr.id, etag);
    return;
  }
  if (polled.state === 'merged') {
    deps.store.updatePullRequest(pr.id, {
      ...etag,
      state: 'merged',
      ...(polled.mergeCommitSha ? { mergeSha: polled.mergeCommitSha } : {}),
      ...(polled.mergedBy ? { mergedBy: polled.mergedBy } : {}),
    });
    const detail = { url: pr.url, mergeSha: polled.mergeCommitSha ?? null };
    if (pr.livePatch) deps.store.recordAudit(pr.incidentId, forgeActor(polled.mergedBy), 'pr_merged', detail);
    else
      deps.store.transition(pr.incidentId, 'pr_open', 'syncing', {
        actor: forgeActor(polled.mergedBy),
        action: 'pr_merged',
        detail,
      });
    sum.merged++;
    opts.onChange?.(pr.incidentId);
    return;
  }
  deps.store.updatePullRequest(pr.id, {
    ...etag,
    state: 'closed',
    ...(polled.closedBy ? { closedBy: polled.closedBy } : {}),
  });
  const by = polled.closedBy ? ` by ${polled.closedBy}` : '';
  if (pr.livePatch) {
    deps.store.recordAudit(pr.incidentId, forgeActor(polled.closedBy), 'pr_closed', {
      url: pr.url,
      reason: `the pull request was closed without merging${by}; the live patch lasts only until the next sync`,
    });
    sum.closed++;
    opts.onChange?.(pr.incidentId);
    return;
  }
  if (
    deps.store.transition(pr.incidentId, 'pr_open', 'rejected', {
      actor: forgeActor(polled.closedBy),
      action: 'pr_closed',
      detail: { url: pr.url, reason: `the pull request was closed without merging${by}` },
    })
  )
    deps.store.setProposalStatus(pr.proposalId, 'approved', 'rejected');
  sum.closed++;
  opts.onChange?.(pr.incidentId);
}

async function followMerged(
  deps: DecideDeps,
  gitops: GitOpsDeps,
  pr: PullRequestRecord,
  sum: TrackSummary,
  opts: TrackOptions,
) {
  if (pr.livePatch || pr.syncedRevision !== null || pr.mergeSha === null) return;
  if (deps.store.getIncident(pr.incidentId)?.state !== 'syncing') return;
  const manager = loadProposal(deps.store, pr.proposalId)?.delivery?.manager;
  if (!manager) return;
  const revision = await syncedRevision(deps.kube, manager);
  const now = (deps.now ?? (() => new Date()))();
  if (revision?.includes(pr.mergeSha)) {
    deps.store.updatePullRequest(pr.id, { syncedRevision: revision });
    const since = now.toISOString();
    if (
      deps.store.transition(pr.incidentId, 'syncing', 'applied', {
        actor: FIXER_ACTOR,
        action: 'synced',
        verifySince: since,
        detail: { revision, since, manager: `${manager.namespace}/${manager.name}` },
      })
    ) {
      deps.store.setProposalStatus(pr.proposalId, 'approved', 'applied');
      opts.onApplied?.(pr.incidentId);
    }
    sum.synced++;
    opts.onChange?.(pr.incidentId);
    return;
  }
  const mergedAt = Date.parse(pr.mergedAt ?? pr.updatedAt);
  if (now.getTime() - mergedAt < gitops.config.syncTimeoutMinutes * 60_000) return;
  const seen = revision ? `it reports ${revision}` : 'it reports no revision';
  const reason = `${manager.description.replace(/^managed by /, '')} did not sync the merge commit ${pr.mergeSha.slice(0, 12)} within ${gitops.config.syncTimeoutMinutes} minutes (${seen})`;
  if (
    deps.store.transition(pr.incidentId, 'syncing', 'apply_failed', {
      actor: FIXER_ACTOR,
      action: 'sync_timeout',
      detail: { reason },
    })
  )
    deps.store.setProposalStatus(pr.proposalId, 'approved', 'apply_failed');
  sum.timedOut++;
  opts.onChange?.(pr.incidentId);
}

/** One pass over every open and merged-but-unsynced PR; a failure with one PR is logged and the rest go on. */
export async function trackPullRequests(deps: DecideDeps, opts: TrackOptions = {}): Promise<TrackSummary> {
  const sum: TrackSummary = { polled: 0, merged: 0, closed: 0, synced: 0, timedOut: 0, failed: 0 };
  const gitops = deps.gitops;
  if (!gitops) return sum;
  for (const pr of deps.store.pullRequestsIn('open')) {
    try {
      await followOpen(deps, gitops, pr, sum, opts);
    } catch (err) {
      sum.failed++;
      deps.logger.warn({ err, incidentId: pr.incidentId, pr: pr.url }, 'polling the pull request failed');
    }
  }
  for (const pr of deps.store.pullRequestsIn('merged')) {
    try {
      await followMerged(deps, gitops, pr, sum, opts);
    } catch (err) {
      sum.failed++;
      deps.logger.warn({ err, incidentId: pr.incidentId, pr: pr.url }, 'reading the sync status failed');
    }
  }
  return sum;
}
