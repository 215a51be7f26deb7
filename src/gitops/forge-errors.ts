// How a failed GitHub call reads to a user: one FORGE_ERROR sentence saying what failed and what to do, from
// the status, GitHub's message and field errors, and the rate-limit headers. The token never appears in it.
import { ClopusError, isClopusError } from '../errors.js';

export interface ForgeCall {
  /** What was being done, as a verb phrase: "open a pull request", "read pull request #4". */
  action: string;
  /** `owner/repo`. */
  repo: string;
  apiUrl: string;
  token: string;
  /** Where the token comes from, for the advice on a 401 ("the Secret clopus/git-token, key token"). */
  tokenSource?: string | undefined;
  timeoutMs: number;
  /** Words for a 422 field error the caller can explain better (a head branch that is not on GitHub). */
  explain?: (e: FieldError) => string | undefined;
}

export interface FieldError {
  resource?: string;
  field?: string;
  code?: string;
  message?: string;
}

interface HttpFailure {
  status: number;
  message: string;
  name?: string;
  cause?: unknown;
  response?: { headers: Record<string, string | number | undefined>; data: unknown };
}

const isHttpFailure = (err: unknown): err is HttpFailure =>
  typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';

/** One line, capped, so a long or hostile answer cannot flood a message. */
const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
};

function githubMessage(f: HttpFailure): string {
  const data = f.response?.data;
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string')
    return oneLine((data as { message: string }).message);
  return oneLine(f.message);
}

function fieldErrors(f: HttpFailure, explain: ForgeCall['explain']): string[] {
  const errors = (f.response?.data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.slice(0, 5).map((raw) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : { message: String(raw) }) as FieldError;
    const said = explain?.(e) ?? e.message ?? [e.field, e.code].filter(Boolean).join(' is ');
    return oneLine(said || 'invalid');
  });
}

function header(f: HttpFailure, name: string): string | undefined {
  const v = f.response?.headers[name];
  return v === undefined ? undefined : String(v);
}

function rateLimited(f: HttpFailure, c: ForgeCall): string | undefined {
  const retryAfter = Number(header(f, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0)
    return `GitHub is throttling this token (a secondary rate limit) and refused to ${c.action} on ${c.repo}; try again in ${retryAfter} s.`;
  if (header(f, 'x-ratelimit-remaining') !== '0') return undefined;
  const reset = Number(header(f, 'x-ratelimit-reset'));
  const when = Number.isFinite(reset)
    ? `; it resets at ${new Date(reset * 1000).toISOString()} (in ${Math.max(1, Math.ceil((reset * 1000 - Date.now()) / 60_000))} min)`
    : '';
  return `GitHub's API rate limit for this token is used up, so Clopus could not ${c.action} on ${c.repo}${when}. Try again after that, or use a token with its own limit.`;
}

function sentence(err: unknown, c: ForgeCall): string {
  const source = c.tokenSource ?? "the repository's token Secret";
  if (!isHttpFailure(err)) return `Could not ${c.action} on ${c.repo}: ${oneLine(String(err))}.`;
  const f = err;
  const cause = f.cause as { name?: string } | undefined;
  if (f.name === 'TimeoutError' || cause?.name === 'TimeoutError' || /aborted due to timeout/i.test(f.message))
    return `GitHub at ${c.apiUrl} did not answer within ${Math.round(c.timeoutMs / 1000)} s when Clopus tried to ${c.action} on ${c.repo}; check that the API URL is right and reachable, then try again.`;
  if (!f.response)
    return `Could not reach GitHub at ${c.apiUrl} to ${c.action} on ${c.repo} (${oneLine(f.message)}); check the API URL and the network, then try again.`;
  const msg = githubMessage(f);
  switch (f.status) {
    case 401:
      return `GitHub refused the token for ${c.repo} (401 ${msg}): it is wrong, expired or revoked. Put a valid token in ${source}.`;
    case 403:
    case 429:
      return (
        rateLimited(f, c) ??
        `GitHub forbade Clopus to ${c.action} on ${c.repo} (${f.status} ${msg}): give the token in ${source} write access to the repository's contents and pull requests.`
      );
    case 404:
      return `GitHub found no repository ${c.repo} at ${c.apiUrl} (or nothing to ${c.action} there), or the token in ${source} cannot see it: check the repository URL and grant the token access to the repository.`;
    case 422: {
      const details = fieldErrors(f, c.explain);
      return `GitHub refused to ${c.action} on ${c.repo}: ${msg}${details.length ? ` (${details.join('; ')})` : ''}.`;
    }
    default:
      return f.status >= 500
        ? `GitHub answered ${f.status} (${msg}) when Clopus tried to ${c.action} on ${c.repo}; the fault is on GitHub's side, so try again later.`
        : `GitHub answered ${f.status} (${msg}) when Clopus tried to ${c.action} on ${c.repo}.`;
  }
}

/** The FORGE_ERROR for a failed call (a ClopusError passes through unchanged). */
export function forgeError(err: unknown, c: ForgeCall): ClopusError {
  if (isClopusError(err)) return err;
  let text = sentence(err, c);
  // Belt and braces: GitHub never echoes the token, but a proxy's error page might.
  if (c.token.length >= 4) text = text.split(c.token).join('[REDACTED]');
  return new ClopusError('FORGE_ERROR', text, { cause: err });
}

/** The HTTP status of a failed octokit call, if it got one. */
export const statusOf = (err: unknown): number | undefined => (isHttpFailure(err) ? err.status : undefined);
