// Pull requests, issue events and comments as GitHub's REST API returns them, built from the fake's records.
import { repository, simpleUser, type Urls } from './objects.js';
import type { GitHubState, RepoState } from './state.js';
import type { FakeComment, FakeIssueEvent, FakePull } from './types.js';

export interface View {
  urls: Urls;
  state: GitHubState;
  repo: RepoState;
  /** The authenticated user, whose permissions the embedded repositories show. */
  viewer: string;
}

const user = (v: View, login: string) => simpleUser(v.urls, login, v.state.userId(login));

function association(v: View, login: string): 'OWNER' | 'MEMBER' {
  return login.toLowerCase() === v.repo.identity.owner.toLowerCase() ? 'OWNER' : 'MEMBER';
}

function branch(v: View, ref: string, sha: string) {
  const { identity } = v.repo;
  const viewerIsOwner = v.viewer.toLowerCase() === identity.owner.toLowerCase();
  return {
    label: `${identity.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(v.urls, identity.owner, identity.ownerId, identity.ownerType),
    repo: repository(v.urls, identity, viewerIsOwner),
  };
}

/** The list form ("Pull Request Simple"). */
export function pullRequestSimple(v: View, p: FakePull) {
  const full = `${v.repo.identity.owner}/${v.repo.identity.name}`;
  const a = `${v.urls.api}/repos/${full}`;
  const self = `${a}/pulls/${p.number}`;
  const html = `${v.urls.web}/${full}/pull/${p.number}`;
  const href = (h: string) => ({ href: h });
  return {
    url: self,
    id: p.number + v.repo.identity.id * 1000,
    node_id: `PR_kwDO${Buffer.from(`fake:${full}#${p.number}`).toString('base64url')}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${a}/issues/${p.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${a}/pulls/comments{/number}`,
    comments_url: `${a}/issues/${p.number}/comments`,
    statuses_url: `${a}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: user(v, p.user),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(v, p.head, p.headSha),
    base: branch(v, p.base, p.baseSha),
    _links: {
      self: href(self),
      html: href(html),
      issue: href(`${a}/issues/${p.number}`),
      comments: href(`${a}/issues/${p.number}/comments`),
      review_comments: href(`${self}/comments`),
      review_comment: href(`${a}/pulls/comments{/number}`),
      commits: href(`${self}/commits`),
      statuses: href(`${a}/statuses/${p.headSha}`),
    },
    author_association: association(v, p.user),
    auto_merge: null,
    draft: p.draft,
  };
}

/** The single form ("Pull Request"), with merge state and counters. */
export function pullRequest(v: View, p: FakePull) {
  const open = p.state === 'open';
  return {
    ...pullRequestSimple(v, p),
    merged: p.mergedAt !== null,
    mergeable: open ? true : null,
    rebaseable: open ? true : null,
    mergeable_state: open ? 'clean' : 'unknown',
    merged_by: p.mergedBy ? user(v, p.mergedBy) : null,
    comments: v.repo.comments.get(p.number)?.length ?? 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 1,
    changed_files: 1,
  };
}

/** An issue event (GET /repos/{o}/{r}/issues/{n}/events): who closed, merged or reopened it. */
export function issueEvent(v: View, e: FakeIssueEvent) {
  const a = `${v.urls.api}/repos/${v.repo.identity.owner}/${v.repo.identity.name}`;
  return {
    id: e.id,
    node_id: `${e.event === 'closed' ? 'CE' : e.event === 'merged' ? 'ME' : 'REE'}_lADO${Buffer.from(`fake:${e.id}`).toString('base64url')}`,
    url: `${a}/issues/events/${e.id}`,
    actor: user(v, e.actor),
    event: e.event,
    commit_id: e.commitId,
    commit_url: e.commitId ? `${a}/commits/${e.commitId}` : null,
    created_at: e.createdAt,
    performed_via_github_app: null,
    ...(e.event === 'closed' ? { state_reason: null } : {}),
  };
}

export function issueComment(v: View, number: number, c: FakeComment) {
  const full = `${v.repo.identity.owner}/${v.repo.identity.name}`;
  const a = `${v.urls.api}/repos/${full}`;
  return {
    id: c.id,
    node_id: `IC_kwDO${Buffer.from(`fake:${c.id}`).toString('base64url')}`,
    url: `${a}/issues/comments/${c.id}`,
    html_url: `${v.urls.web}/${full}/pull/${number}#issuecomment-${c.id}`,
    body: c.body,
    user: user(v, c.user),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    issue_url: `${a}/issues/${number}`,
    author_association: association(v, c.user),
    reactions: reactions(`${a}/issues/comments/${c.id}/reactions`),
  };
}

function reactions(url: string) {
  return {
    url,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}
