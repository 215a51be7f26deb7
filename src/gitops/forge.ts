// Pull requests on GitHub (and GitHub Enterprise) through @octokit/rest: open one idempotently, and follow it with
// conditional requests, so a pull request that has not changed costs no rate limit.

import { type Connection, connect, type ForgeTarget, forgeError } from './forge-client.js';
import type { FieldError } from './forge-errors.js';
import { statusOf } from './forge-errors.js';

export type { ForgeTarget } from './forge-client.js';
export { apiUrlFor, createPullRequestLink, parseRepoUrl, type RepoLocation } from './forge-url.js';

export interface PullRequestInput extends ForgeTarget {
  repoUrl: string;
  apiUrl?: string;
  token: string;
  /** The branch with the change (in the repository itself; `owner:branch` is accepted too). */
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface OpenedPullRequest {
  number: number;
  /** The pull request's web page. */
  url: string;
  headSha: string;
}

export interface PullRequestState {
  state: 'open' | 'merged' | 'closed';
  mergeCommitSha?: string;
  mergedBy?: string;
  /** Who closed it unmerged (from the issue events: GitHub's pull request object does not say). */
  closedBy?: string;
  /** Send it back as `etag` on the next poll. */
  etag?: string;
  url: string;
}

export interface PollInput extends ForgeTarget {
  number: number;
  /** The ETag of the last poll's answer: GitHub answers 304 when nothing changed. */
  etag?: string | undefined;
}

interface PullData {
  number: number;
  html_url: string;
  head: { sha: string };
}

const opened = (d: PullData): OpenedPullRequest => ({ number: d.number, url: d.html_url, headSha: d.head.sha });

const isDuplicate = (err: unknown): boolean =>
  statusOf(err) === 422 &&
  JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? '').includes('already exists');

/**
 * Opens a pull request from `head` into `base`. When one is already open for the same branches (a retry after a
 * lost answer, say), returns that one instead of failing.
 */
export async function openPullRequest(input: PullRequestInput): Promise<OpenedPullRequest> {
  const c = connect(input);
  const explain = (e: FieldError): string | undefined =>
    e.code === 'invalid' && (e.field === 'head' || e.field === 'base')
      ? `the ${e.field} branch ${e.field === 'head' ? input.head : input.base} is not on GitHub (was it pushed?)`
      : undefined;
  const action = `open a pull request from ${input.head} into ${input.base}`;
  try {
    const { data } = await c.octokit.pulls.create({
      owner: c.owner,
      repo: c.repo,
      head: input.head,
      base: input.base,
      title: input.title,
      body: input.body,
    });
    return opened(data);
  } catch (err) {
    if (!isDuplicate(err)) throw forgeError(err, c.call(action, explain));
    const existing = await findOpen(c, input.head, input.base).catch((e: unknown) => {
      throw forgeError(e, c.call(`find the open pull request for ${input.head}`));
    });
    if (!existing) throw forgeError(err, c.call(action, explain));
    return existing;
  }
}

async function findOpen(c: Connection, head: string, base: string): Promise<OpenedPullRequest | undefined> {
  // GitHub ignores a head filter without its owner prefix (and would list every open pull request).
  const qualified = head.includes(':') ? head : `${c.owner}:${head}`;
  const { data } = await c.octokit.pulls.list({
    owner: c.owner,
    repo: c.repo,
    head: qualified,
    base,
    state: 'open',
    per_page: 100,
  });
  const found = data.find((p) => p.base.ref === base);
  return found ? opened(found) : undefined;
}

/**
 * Reads a pull request's state with a conditional GET: 'unchanged' when GitHub answers 304 to `etag`. For one
 * closed without merging, also asks the issue events who closed it.
 */
export async function pollPullRequest(input: PollInput): Promise<PullRequestState | 'unchanged'> {
  const c = connect(input);
  const action = `read pull request #${input.number}`;
  let res: Awaited<ReturnType<typeof c.octokit.pulls.get>>;
  try {
    res = await c.octokit.pulls.get({
      owner: c.owner,
      repo: c.repo,
      pull_number: input.number,
      ...(input.etag ? { headers: { 'if-none-match': input.etag } } : {}),
    });
  } catch (err) {
    // Octokit turns GitHub's 304 Not Modified into an error: here it is the answer "nothing changed".
    if (statusOf(err) === 304) return 'unchanged';
    throw forgeError(err, c.call(action));
  }
  const d = res.data;
  const etag = typeof res.headers.etag === 'string' ? { etag: res.headers.etag } : {};
  if (d.merged || d.merged_at)
    return {
      state: 'merged',
      ...(d.merge_commit_sha ? { mergeCommitSha: d.merge_commit_sha } : {}),
      ...(d.merged_by?.login ? { mergedBy: d.merged_by.login } : {}),
      ...etag,
      url: d.html_url,
    };
  if (d.state !== 'closed') return { state: 'open', ...etag, url: d.html_url };
  const closedBy = await closer(c, input);
  return { state: 'closed', ...(closedBy ? { closedBy } : {}), ...etag, url: d.html_url };
}

/** Who closed the pull request last; undefined (and logged) when the events cannot be read. */
async function closer(c: Connection, input: PollInput): Promise<string | undefined> {
  try {
    const events = await c.octokit.paginate(c.octokit.issues.listEvents, {
      owner: c.owner,
      repo: c.repo,
      issue_number: input.number,
      per_page: 100,
    });
    return events.findLast((e) => e.event === 'closed')?.actor?.login;
  } catch (err) {
    const e = forgeError(err, c.call(`read the events of pull request #${input.number}`));
    input.logger?.warn({ err: e, number: input.number }, 'could not learn who closed the pull request');
    return undefined;
  }
}
