// Delivering a proposal planned in the manifests repository: a fresh shallow clone of the base branch, a check that
// every file still has the blob the proposal was planned against, then a branch, a commit and a pull request (or,
// on a host without an API, a pushed branch and the link to open one). The clone is read-only until the push.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitOpsRepository } from '../../config/index.js';
import { describeError } from '../../errors.js';
import {
  blobSha,
  cloneShallow,
  commitAndPush,
  createPullRequestLink,
  openPullRequest,
  treeSha,
} from '../../gitops/index.js';
import type { GitOpsDelivery, StoredProposal } from '../../planner/proposal/index.js';
import type { Incident, PullRequestRecord } from '../../store/index.js';
import type { DecideDeps, GitOpsDeps } from '../decide/types.js';
import { branchFor, commitMessage, pullRequestBody, pullRequestTitle } from './body.js';
import { repositoryFor, tokenFor } from './repository.js';

export const CLOPUS_AUTHOR = { name: 'Clopus', email: 'clopus@users.noreply.localhost' };

type RepoEdit = { path: string; content: string; baseBlobSha: string };

export interface PreparedDelivery {
  delivery: GitOpsDelivery;
  repo: GitOpsRepository;
  token: string;
  dir: string;
  edits: RepoEdit[];
  /** Removes the clone. */
  cleanup(): Promise<void>;
}

export type Prepared =
  | { status: 'ready'; prepared: PreparedDelivery }
  /** A file changed in the repository since the proposal was planned: the proposal no longer fits. */
  | { status: 'stale'; reason: string }
  /** The repository (or its token) could not be read: nothing is known against the proposal. */
  | { status: 'unreadable'; reason: string };

function editsOf(proposal: StoredProposal): RepoEdit[] {
  return proposal.proposal.actions.flatMap((a) =>
    a.type === 'edit_repo_file' ? [{ path: a.path, content: a.content, baseBlobSha: a.baseBlobSha }] : [],
  );
}

function gitopsOf(deps: DecideDeps): GitOpsDeps {
  if (!deps.gitops) throw new Error('this process was started without GitOps settings, so it cannot open PRs');
  return deps.gitops;
}

/** Clones the base branch and checks every edit's base blob; read-only. */
export async function prepareDelivery(deps: DecideDeps, proposal: StoredProposal): Promise<Prepared> {
  const delivery = proposal.delivery;
  if (!delivery) return { status: 'unreadable', reason: 'the proposal has no repository to deliver to' };
  let scratch: string | undefined;
  const cleanup = async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
  try {
    const gitops = gitopsOf(deps);
    const repo = repositoryFor(gitops, delivery.repoUrl);
    const token = await tokenFor(deps.kube, gitops, repo);
    scratch = await mkdtemp(join(gitops.scratchDir ?? tmpdir(), 'clopus-pr-'));
    const clone = await cloneShallow({
      url: repo.url,
      ref: delivery.base,
      dir: join(scratch, 'repo'),
      auth: { token },
    });
    const edits = editsOf(proposal);
    for (const edit of edits) {
      const now = await blobSha(clone.dir, edit.path);
      if (now !== edit.baseBlobSha) {
        await cleanup();
        const what = now === null ? 'was removed from' : 'changed in';
        return {
          status: 'stale',
          reason: `${edit.path} ${what} ${delivery.base} since the proposal was planned at ${delivery.plannedAt.slice(0, 12)}`,
        };
      }
    }
    // The edited files are the same; so must be everything else the render reads from under the source path.
    if (delivery.sourceTree && (await treeSha(clone.dir, delivery.sourcePath)) !== delivery.sourceTree) {
      await cleanup();
      return {
        status: 'stale',
        reason: `other files under ${delivery.sourcePath} changed in ${delivery.base} since the proposal was planned at ${delivery.plannedAt.slice(0, 12)}, so the rendered change may differ`,
      };
    }
    return { status: 'ready', prepared: { delivery, repo, token, dir: clone.dir, edits, cleanup } };
  } catch (err) {
    await cleanup();
    return { status: 'unreadable', reason: describeError(err) };
  }
}

/** Branch, commit, push and open the PR; records it. Throws (a ClopusError saying what failed) on any failure. */
export async function pushPullRequest(
  deps: DecideDeps,
  incident: Incident,
  proposal: StoredProposal,
  prepared: PreparedDelivery,
  approver: string,
  opts: { livePatch?: boolean } = {},
): Promise<PullRequestRecord> {
  const { delivery, repo, token } = prepared;
  const branch = branchFor(incident.id);
  const rootCause = proposal.proposal.summary.rootCause;
  const pushed = await commitAndPush({
    dir: prepared.dir,
    url: repo.url,
    auth: { token },
    branch,
    files: prepared.edits.map((e) => ({ path: e.path, content: e.content })),
    message: commitMessage(incident, rootCause, approver),
    author: CLOPUS_AUTHOR,
  });
  const common = {
    incidentId: incident.id,
    proposalId: proposal.id,
    repoUrl: repo.url,
    branch,
    base: delivery.base,
    livePatch: opts.livePatch === true,
  };
  if (repo.forge === 'none') {
    const url = createPullRequestLink(repo.url, branch, delivery.base);
    return deps.store.recordPullRequest({ ...common, forge: 'none', number: null, url, headSha: pushed.commitSha });
  }
  const body = pullRequestBody({
    incident,
    rootCause,
    approver,
    diff: proposal.diff,
    manager: delivery.manager.description,
    dashboardUrl: deps.gitops?.config.dashboardUrl,
  });
  const pr = await openPullRequest({
    repoUrl: repo.url,
    ...(repo.apiUrl ? { apiUrl: repo.apiUrl } : {}),
    token,
    head: branch,
    base: delivery.base,
    title: pullRequestTitle(incident),
    body,
  });
  return deps.store.recordPullRequest({
    ...common,
    forge: 'github',
    number: pr.number,
    url: pr.url,
    headSha: pushed.commitSha,
  });
}
