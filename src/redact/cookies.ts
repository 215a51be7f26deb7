// Cookie headers carry sessions whatever the cookies are called: every value of `Cookie:` is masked, and the
// cookie of `Set-Cookie:` (its attributes, Path, Expires, HttpOnly…, stay: they help diagnosis and are not secret).
import { isMasked, REDACTED } from './mask.js';

/** The header name, its separator (plain, or as a JSON/YAML key), and the rest of the quoted string or line. */
const COOKIE_HEADER = /(?<![A-Za-z0-9_-])(set-cookie|cookie)(["']?[ \t]{0,8}:[ \t]{0,8}["']?)([^\n"']{1,8192})/gi;

/** One `name=value` of a cookie list; a part without `=` is masked only if it is one word ("policy accepted" is prose). */
function maskPair(part: string): string {
  const eq = part.indexOf('=');
  if (eq === -1) return /^\s*\S+\s*$/.test(part) && !isMasked(part.trim()) ? part.replace(/\S+/, REDACTED) : part;
  const value = part.slice(eq + 1).trim();
  return value === '' || isMasked(value) ? part : `${part.slice(0, eq + 1)}${REDACTED}`;
}

export function redactCookies(text: string): string {
  if (!/cookie/i.test(text)) return text;
  return text.replace(COOKIE_HEADER, (_m, name: string, sep: string, value: string) => {
    const parts = value.split(';');
    const masked =
      name.toLowerCase() === 'set-cookie' ? [maskPair(parts[0] ?? ''), ...parts.slice(1)] : parts.map(maskPair);
    return `${name}${sep}${masked.join(';')}`;
  });
}
