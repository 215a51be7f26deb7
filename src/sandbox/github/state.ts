// What the fake GitHub holds: repositories, their pull requests, issue events and comments, and the rules GitHub
// applies when a pull request is opened, merged, closed or reopened (with GitHub's error answers).
import type { RepoIdentity } from './objects.js';
import type { FakeComment, FakeIssueEvent, FakePull, FakeRepoBackend } from './types.js';

/** An answer other than success, with GitHub's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

export interface FieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

export function apiError(status: number, message: string, docsUrl: string, errors?: FieldError[]): ApiError {
  return new ApiError(status, {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: docsUrl,
    status: String(status),
  });
}

/** GitHub's 422 for a pull request it will not create or change. */
const invalid = (docsUrl: string, ...errors: FieldError[]): ApiError =>
  apiError(422, 'Validation Failed', docsUrl, errors);

/** GitHub's timestamps: ISO 8601 to the second. */
export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface RepoState {
  identity: RepoIdentity;
  backend: FakeRepoBackend;
  pulls: Map<number, FakePull>;
  events: Map<number, FakeIssueEvent[]>;
  comments: Map<number, FakeComment[]>;
  /** Pull requests and issues share one number sequence. */
  lastNumber: number;
}

export interface NewPull {
  title: string;
  head: string;
  base: string;
  body?: string;
  draft?: boolean;
}

export class GitHubState {
  readonly repos = new Map<string, RepoState>();
  private readonly users = new Map<string, number>();
  private lastId = 10_000_000;

  constructor(repos: Record<string, FakeRepoBackend>) {
    for (const [full, backend] of Object.entries(repos)) {
      const [owner, name, extra] = full.split('/');
      if (!owner || !name || extra !== undefined) throw new Error(`repository key ${full} is not owner/repo`);
      const at = now();
      this.repos.set(full.toLowerCase(), {
        identity: {
          id: this.nextId(),
          owner,
          ownerId: this.userId(owner),
          ownerType: 'Organization',
          name,
          defaultBranch: backend.defaultBranch,
          createdAt: at,
          pushedAt: at,
          openPulls: 0,
        },
        backend,
        pulls: new Map(),
        events: new Map(),
        comments: new Map(),
        lastNumber: 0,
      });
    }
  }

  nextId(): number {
    return ++this.lastId;
  }

  userId(login: string): number {
    let id = this.users.get(login.toLowerCase());
    if (id === undefined) this.users.set(login.toLowerCase(), (id = this.nextId()));
    return id;
  }

  /** GitHub's owner and repository names are case-insensitive. */
  repo(full: string): RepoState | undefined {
    return this.repos.get(full.toLowerCase());
  }

  pull(r: RepoState, number: number, docsUrl: string): FakePull {
    const p = r.pulls.get(number);
    if (!p) throw apiError(404, 'Not Found', docsUrl);
    return p;
  }

  async create(r: RepoState, input: NewPull, by: string, docsUrl: string): Promise<FakePull> {
    const { owner } = r.identity;
    const [headOwner, headRef] = input.head.includes(':') ? input.head.split(':', 2) : [owner, input.head];
    if (!input.title) throw invalid(docsUrl, { resource: 'PullRequest', code: 'missing_field', field: 'title' });
    // Forks are not simulated: a head in another owner's namespace names no branch here.
    const sameOwner = headOwner?.toLowerCase() === owner.toLowerCase();
    if (!(await r.backend.branchExists(input.base)))
      throw invalid(docsUrl, { resource: 'PullRequest', field: 'base', code: 'invalid' });
    if (!headRef || !sameOwner || !(await r.backend.branchExists(headRef)))
      throw invalid(docsUrl, { resource: 'PullRequest', field: 'head', code: 'invalid' });
    const open = [...r.pulls.values()].find((p) => p.state === 'open' && p.head === headRef && p.base === input.base);
    if (open)
      throw invalid(docsUrl, {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${owner}:${headRef}.`,
      });
    const headSha = await r.backend.headSha(headRef);
    const baseSha = await r.backend.headSha(input.base);
    if (!headSha || !baseSha || headSha === baseSha)
      throw invalid(docsUrl, {
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${input.base} and ${headRef}`,
      });
    const at = now();
    const pull: FakePull = {
      repo: `${owner}/${r.identity.name}`,
      number: ++r.lastNumber,
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      draft: input.draft ?? false,
      head: headRef,
      headSha,
      base: input.base,
      baseSha,
      user: by,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      mergedAt: null,
      mergeCommitSha: null,
      mergedBy: null,
      closedBy: null,
    };
    r.pulls.set(pull.number, pull);
    this.countOpen(r);
    return pull;
  }

  /** An open pull request follows its branches, as GitHub's does when someone pushes. */
  async refresh(r: RepoState, p: FakePull): Promise<void> {
    if (p.state !== 'open') return;
    const [head, base] = [await r.backend.headSha(p.head), await r.backend.headSha(p.base)];
    if ((head && head !== p.headSha) || (base && base !== p.baseSha)) {
      p.headSha = head ?? p.headSha;
      p.baseSha = base ?? p.baseSha;
      p.updatedAt = now();
    }
  }

  async merge(
    r: RepoState,
    p: FakePull,
    by: string,
    opts: { sha?: string | undefined; title?: string | undefined; message?: string | undefined },
    docsUrl: string,
  ): Promise<string> {
    await this.refresh(r, p);
    if (p.state !== 'open') throw apiError(405, 'Pull Request is not mergeable', docsUrl);
    if (opts.sha && opts.sha !== p.headSha)
      throw apiError(409, 'Head branch was modified. Review and try the merge again.', docsUrl);
    const title = opts.title ?? `Merge pull request #${p.number} from ${r.identity.owner}/${p.head}`;
    const sha = await r.backend.merge(p.head, p.base, `${title}\n\n${opts.message ?? p.title}`);
    const at = now();
    Object.assign(p, { state: 'closed', mergedAt: at, closedAt: at, updatedAt: at, mergeCommitSha: sha });
    Object.assign(p, { mergedBy: by, closedBy: by, baseSha: sha });
    r.identity.pushedAt = at;
    this.event(r, p, 'merged', by, sha);
    this.event(r, p, 'closed', by, sha);
    this.countOpen(r);
    return sha;
  }

  close(r: RepoState, p: FakePull, by: string): void {
    if (p.state === 'closed') return;
    const at = now();
    Object.assign(p, { state: 'closed', closedAt: at, updatedAt: at, closedBy: by });
    this.event(r, p, 'closed', by, null);
    this.countOpen(r);
  }

  reopen(r: RepoState, p: FakePull, by: string, docsUrl: string): void {
    if (p.state === 'open') return;
    if (p.mergedAt)
      throw invalid(docsUrl, {
        resource: 'PullRequest',
        code: 'custom',
        field: 'state',
        message: 'state cannot be changed. The pull request cannot be reopened.',
      });
    Object.assign(p, { state: 'open', closedAt: null, updatedAt: now(), closedBy: null });
    this.event(r, p, 'reopened', by, null);
    this.countOpen(r);
  }

  comment(r: RepoState, p: FakePull, body: string, by: string): FakeComment {
    const c: FakeComment = { id: this.nextId(), body, user: by, createdAt: now() };
    r.comments.set(p.number, [...(r.comments.get(p.number) ?? []), c]);
    p.updatedAt = c.createdAt;
    return c;
  }

  private event(r: RepoState, p: FakePull, event: FakeIssueEvent['event'], actor: string, commitId: string | null) {
    const e: FakeIssueEvent = { id: this.nextId(), event, actor, commitId, createdAt: now() };
    r.events.set(p.number, [...(r.events.get(p.number) ?? []), e]);
  }

  private countOpen(r: RepoState): void {
    r.identity.openPulls = [...r.pulls.values()].filter((p) => p.state === 'open').length;
  }
}
