// Where a repository lives on its forge: owner and name from its clone URL, the REST API that serves it, and the
// web link that opens a pull request by hand on a forge Clopus has no API for.
import { ClopusError } from '../errors.js';

export interface RepoLocation {
  /** Host and port, as in the URL. */
  host: string;
  /** The owner; on GitLab, every group and subgroup (`group/sub`). */
  owner: string;
  repo: string;
  /** The repository's web page, without credentials or `.git`. */
  webUrl: string;
}

const GITHUB_HOSTS = new Set(['github.com', 'www.github.com']);

/** Parses `https://host/owner/repo(.git)`; credentials in the URL are dropped, never echoed. */
export function parseRepoUrl(url: string): RepoLocation {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new ClopusError('FORGE_ERROR', 'The repository URL is not a valid URL; give it as https://host/owner/repo.');
  }
  const shown = `${u.protocol}//${u.host}${u.pathname}`;
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new ClopusError(
      'FORGE_ERROR',
      `The repository URL ${shown} is not https://; give it as https://host/owner/repo.`,
    );
  const parts = u.pathname
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const repo = parts.pop();
  if (!repo || parts.length === 0 || (GITHUB_HOSTS.has(u.hostname.toLowerCase()) && parts.length !== 1))
    throw new ClopusError(
      'FORGE_ERROR',
      `The repository URL ${shown} does not name a repository; give it as https://host/owner/repo.`,
    );
  const owner = parts.join('/');
  const host = u.host.toLowerCase() === 'www.github.com' ? 'github.com' : u.host;
  return { host, owner, repo, webUrl: `${u.protocol}//${host}/${owner}/${repo}` };
}

/** The REST API root for a repository: api.github.com for github.com, `/api/v3` on the host for GitHub Enterprise. */
export function apiUrlFor(repoUrl: string): string {
  const { host } = parseRepoUrl(repoUrl);
  if (GITHUB_HOSTS.has(host.toLowerCase())) return 'https://api.github.com';
  return `${new URL(repoUrl.trim()).protocol}//${host}/api/v3`;
}

const isGitLab = (host: string): boolean => /(^|\.)gitlab\./i.test(host) || /^gitlab\b/i.test(host);

/**
 * The web page that opens a pull (merge) request from `head` into `base`, for a forge without an API: GitLab's
 * new merge request form on GitLab hosts, GitHub's compare view elsewhere (Gitea and Forgejo read it too).
 */
export function createPullRequestLink(repoUrl: string, head: string, base: string): string {
  const { host, webUrl } = parseRepoUrl(repoUrl);
  if (isGitLab(host)) {
    const q = `merge_request[source_branch]=${encodeURIComponent(head)}&merge_request[target_branch]=${encodeURIComponent(base)}`;
    return `${webUrl}/-/merge_requests/new?${q}`;
  }
  return `${webUrl}/compare/${encodeRef(base)}...${encodeRef(head)}?expand=1`;
}

/** Branch names may hold `/` (kept, as GitHub shows them) but nothing that breaks the URL. */
const encodeRef = (ref: string): string => ref.split('/').map(encodeURIComponent).join('/');
