// One connection to a repository's GitHub API: an @octokit/rest client pointed at api.github.com or a GitHub
// Enterprise `/api/v3`, with a time budget for the whole operation and octokit's chatter sent to our logger.
import { Octokit } from '@octokit/rest';
import type { Logger } from '../logger.js';
import { type ForgeCall, forgeError } from './forge-errors.js';
import { apiUrlFor, parseRepoUrl } from './forge-url.js';

/** Which repository, through which API, with which token. */
export interface ForgeTarget {
  repoUrl: string;
  /** The REST API root; derived from the repository's host when omitted (api.github.com, or HOST/api/v3). */
  apiUrl?: string | undefined;
  token: string;
  /** Where the token comes from, named in the advice when GitHub refuses it. */
  tokenSource?: string | undefined;
  /** Budget for the whole operation, every request included (default 30 s). */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

export interface Connection {
  octokit: Octokit;
  owner: string;
  repo: string;
  apiUrl: string;
  /** The context a failure is described in. */
  call(action: string, explain?: ForgeCall['explain']): ForgeCall;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function connect(t: ForgeTarget): Connection {
  const { owner, repo } = parseRepoUrl(t.repoUrl);
  const apiUrl = (t.apiUrl ?? apiUrlFor(t.repoUrl)).replace(/\/+$/, '');
  const timeoutMs = t.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Octokit logs every request and every failure itself; failures reach the caller as FORGE_ERRORs instead.
  const debug = (detail: unknown): void => t.logger?.debug({ detail }, 'GitHub API');
  const log = {
    debug,
    info: debug,
    warn: (detail: unknown): void => t.logger?.warn({ detail }, 'GitHub API warning'),
    error: debug,
  };
  const octokit = new Octokit({
    auth: t.token,
    baseUrl: apiUrl,
    userAgent: 'clopus',
    log,
    request: { signal: AbortSignal.timeout(timeoutMs), log },
  });
  return {
    octokit,
    owner,
    repo,
    apiUrl,
    call: (action, explain) => ({
      action,
      repo: `${owner}/${repo}`,
      apiUrl,
      token: t.token,
      tokenSource: t.tokenSource,
      timeoutMs,
      ...(explain ? { explain } : {}),
    }),
  };
}

export { forgeError };
