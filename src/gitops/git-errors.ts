// How a failed git run reads to a user: the operation, the URL without credentials, what to do, and the tail of
// git's stderr with every form of the secret scrubbed out.
import type { Credentials } from './git-env.js';
import { basicValue } from './git-env.js';
import { stripCredentials } from './git-url.js';

/** Longest piece of git's stderr quoted in a message. */
export const MAX_STDERR_CHARS = 500;

export interface FailureContext {
  /** What was being done, as a verb phrase: `clone`, `push`, `ls-files in /tmp/x`. */
  op: string;
  url?: string;
  creds?: Credentials;
  /** The rights the token needs for this operation, for the 401/403 advice. */
  rights?: string;
  timeoutMs: number;
}

export interface RunOutcome {
  exitCode?: number;
  stderr: string;
  timedOut?: boolean;
  isCanceled?: boolean;
  spawnError?: string;
}

export function scrub(text: string, creds?: Credentials): string {
  let out = stripCredentials(text).replace(/(authorization:\s*)\S+(\s+\S+)?/gi, '$1[REDACTED]');
  if (creds) {
    for (const secret of [creds.secret, basicValue(creds), encodeURIComponent(creds.secret)])
      if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

/** The last MAX_STDERR_CHARS of git's output, on one line, scrubbed. */
export function stderrTail(stderr: string, creds?: Credentials): string {
  const flat = scrub(stderr, creds)
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_STDERR_CHARS ? `…${flat.slice(-MAX_STDERR_CHARS)}` : flat;
}

const HTTP_STATUS = /The requested URL returned error: (\d{3})|\bHTTP (\d{3})\b/;

function authAdvice(stderr: string, ctx: FailureContext): string | null {
  const status = HTTP_STATUS.exec(stderr);
  const code = status?.[1] ?? status?.[2];
  const asked = /could not read (Username|Password)|Authentication failed|terminal prompts disabled/i.test(stderr);
  if (code !== '401' && code !== '403' && !asked) return null;
  const rights = ctx.rights ?? 'read access to the repository contents';
  const shown = code ?? '401';
  if (!ctx.creds)
    return `the server asked for credentials (HTTP ${shown}) and none were given: put a token with ${rights} in the Secret`;
  return `the token in the Secret was refused (HTTP ${shown}): check that it is valid and has ${rights}`;
}

function otherAdvice(stderr: string): string | null {
  if (/repository '[^']*' not found|returned error: 404/.test(stderr))
    return 'the repository was not found: check the URL, and that the token can see it (forges answer 404 for a private repository the token cannot read)';
  const branch = /Remote branch (\S+) not found/.exec(stderr);
  if (branch) return `the branch or tag ${branch[1]} does not exist in the repository`;
  if (/not our ref/.test(stderr)) return 'the server does not have that commit (or will not serve it): check the sha';
  return null;
}

/** The sentence a GIT_FAILED error carries for a failed run. */
export function failureMessage(ctx: FailureContext, outcome: RunOutcome): string {
  const what = `git ${ctx.op}${ctx.url ? ` of ${scrub(ctx.url, ctx.creds)}` : ''}`;
  const said = stderrTail(outcome.stderr, ctx.creds);
  const tail = said ? ` Git said: ${said}` : '';
  if (outcome.spawnError) return `Could not run git (${outcome.spawnError}); install git and put it on PATH.`;
  if (outcome.timedOut)
    return `${what} timed out after ${Math.round(ctx.timeoutMs / 1000)} s; check that the server is reachable from the bot.${tail}`;
  if (outcome.isCanceled) return `${what} was cancelled.`;
  const advice = authAdvice(outcome.stderr, ctx) ?? otherAdvice(outcome.stderr);
  if (advice) return `${what} failed: ${advice}.${tail}`;
  return `${what} failed (exit ${outcome.exitCode ?? '?'}).${tail}`;
}
