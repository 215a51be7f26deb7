// `scheme://user:password@host` for any scheme. The user stays, it helps diagnosis. Passwords may hold `@` and `/`
// unescaped (`postgres://u:p@ss/w@rd@host/db`), so the password runs to the last `@` of the URL, not the first.
import { isMasked, REDACTED } from './mask.js';

/**
 * The user, then the rest of the URL, up to the next `://` (a redirect parameter holds its own URL, found by the
 * next match; stopping there also keeps a run of `://` from costing a full scan each). Where the password ends
 * is decided in code.
 */
const USERINFO = /:\/\/([^\s:@/]{0,256}):((?:(?!:\/\/)[^\s"'<>`]){1,1024})/g;

/** A token as the user with no password (`https://<key>@o1.ingest.sentry.io/…`, `https://<token>@github.com/…`). */
const USER_TOKEN = /:\/\/(?=[A-Za-z0-9_-]{0,256}[0-9])(?=[A-Za-z0-9_-]{0,256}[A-Za-z])[A-Za-z0-9_-]{20,256}@/g;

/**
 * Where the password ends: the last `@` before the query or fragment (an `@` after them is an e-mail address in
 * a parameter), or failing that the last `@` at all (a password with a `?` in it). -1: no password here.
 */
function passwordEnd(rest: string): number {
  const query = rest.search(/[?#]/);
  const at = (query === -1 ? rest : rest.slice(0, query)).lastIndexOf('@');
  return at !== -1 ? at : rest.lastIndexOf('@');
}

export function redactUrlPasswords(text: string): string {
  if (!text.includes('://')) return text;
  return text
    .replace(USERINFO, (match, user: string, rest: string) => {
      const end = passwordEnd(rest);
      const password = rest.slice(0, Math.max(end, 0));
      // No `@`, or `host:8443/path/bob@example.com`: a port and a path, not a password.
      if (end <= 0 || isMasked(password) || /^[0-9]{1,5}\//.test(password)) return match;
      return `://${user}:${REDACTED}${rest.slice(end)}`;
    })
    .replace(USER_TOKEN, `://${REDACTED}@`);
}
