// The fake's public shapes: what a repository is backed by, what it records, what a test can read back.
import type { Issue } from './spec.js';

/** The git side of a repository: the lead backs it with a real git server, tests with a map of branches. */
export interface FakeRepoBackend {
  defaultBranch: string;
  branchExists(branch: string): Promise<boolean>;
  headSha(branch: string): Promise<string | null>;
  /** Merges `head` into `base` with a merge commit; resolves with the new commit's sha. */
  merge(head: string, base: string, message: string): Promise<string>;
}

export interface GitHubFakeOptions {
  /** The one token the fake accepts, as `token X` or `Bearer X`. */
  token: string;
  /** Repositories by `owner/repo`. */
  repos: Record<string, FakeRepoBackend>;
  /** Validate requests and responses against GitHub's OpenAPI description (default true). */
  validate?: boolean;
  /** The login the token belongs to (default `clopus-bot`). */
  login?: string;
  /** Root of the web links (`html_url`); the fake's own URL when omitted. */
  webUrl?: string;
}

/** A pull request as the fake holds it. */
export interface FakePull {
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  head: string;
  headSha: string;
  base: string;
  baseSha: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  /** Who closed it (GitHub keeps this only in the issue events). */
  closedBy: string | null;
}

export interface FakeIssueEvent {
  id: number;
  event: 'closed' | 'reopened' | 'merged';
  actor: string;
  commitId: string | null;
  createdAt: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface RecordedRequest {
  method: string;
  /** The path as sent, with its query string. */
  path: string;
  status: number;
  operationId?: string;
  /** What went wrong inside the fake, for a 500 (a backend that failed, say). */
  error?: string;
}

/** A response the fake produced that GitHub's schema refuses: a bug in the fake, answered as a 500. */
export interface Violation {
  method: string;
  path: string;
  operationId: string;
  status: number;
  issues: Issue[];
}

export interface RateLimit {
  limit: number;
  remaining: number;
  /** When the window resets, in epoch seconds. */
  reset: number;
}

export interface GitHubFake {
  /** API root as api.github.com serves it; `${url}/api/v3` serves the same as GitHub Enterprise does. */
  readonly url: string;
  /** `${url}/api/v3`. */
  readonly enterpriseUrl: string;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  /** The token's primary rate limit; set `remaining` to 0 to have every call refused with GitHub's 403. */
  readonly rateLimit: RateLimit;
  /** How long the spec took to load in this process (ms; 0 when it was already loaded or validation is off). */
  readonly specLoadMs: number;
  pulls(repo: string): FakePull[];
  events(repo: string, number: number): FakeIssueEvent[];
  comments(repo: string, number: number): FakeComment[];
  /** What a person merging on GitHub does: merges the branch in the backend and marks the PR merged. */
  mergePull(repo: string, number: number, by: string): Promise<string>;
  /** What a person closing the PR on GitHub does (no merge). */
  closePull(repo: string, number: number, by: string): Promise<void>;
  htmlUrl(repo: string, number: number): string;
  stop(): Promise<void>;
}
