// Secrets named by their key: `DB_PASSWORD=…`, `"client_secret": "…"`, `Authorization: Bearer …`, and Kubernetes
// env entries inline ({"name": "DB_PASSWORD", "value": "…"}).
import { isPlainValue, REDACTED } from './mask.js';
import { isSecretPair } from './secret-key.js';

export const KEY_CHARS = 'A-Za-z0-9_.-';

/** `Bearer <token>` outside a key/value pair; a short plain word ("bearer token invalid") is prose. */
const BEARER =
  /(?<![A-Za-z0-9_])(bearer)([ \t]{1,8})(?=[A-Za-z0-9._~+/=-]{0,2048}[0-9._~+/=-]|[A-Za-z0-9._~+/=-]{16})[A-Za-z0-9._~+/=-]{8,4096}/gi;

/** HTTP Digest's `response="…"`: the hash proves the password and can be replayed or cracked. */
const DIGEST_RESPONSE = /(?<![A-Za-z0-9_-])(response=)"[0-9a-fA-F]{32,128}"/gi;

/** A quoted string's body with backslash escapes, as an unrolled loop that never backtracks. */
export const quoted = (q: string): string => String.raw`[^${q}\\\n]{0,65536}(?:\\.[^${q}\\\n]{0,65536}){0,1024}`;

/**
 * A key with a secret-looking word in it, a separator, then a value. The lookbehind pins
 * the key to the start of its run; whether the key really names a secret is decided in
 * code (isSecretKey), which is easier to get right than one more alternation. Values never
 * fail after a long scan (a quote need not close), so the scan is always consumed.
 */
const KEY_VALUE = new RegExp(
  String.raw`(?<![${KEY_CHARS}])(["']?)([${KEY_CHARS}]{0,64}?(?:pass|pwd|secret|token|key|cred|auth|dsn|conn|sess|sid|dockerc)[${KEY_CHARS}]{0,64})\1` +
    String.raw`([ \t]{0,8}[:=][ \t]{0,8})` +
    `(?:"(${quoted('"')})("?)|'(${quoted("'")})('?)|` +
    String.raw`((?:bearer|basic|token|digest|negotiate|bot)[ \t]{1,8})?([^\s"',;&)}\]]+))`,
  'gi',
);

/**
 * A Kubernetes env entry inline, as JSON or flow YAML: {"name": "DB_PASSWORD", "value": "…"} (annotations,
 * last-applied configurations, logged manifests). The key is "value", so only the name can say it is a secret.
 */
const ENV_PAIR = new RegExp(
  String.raw`(?<![${KEY_CHARS}])(["']?)name\1([ \t]{0,8}:[ \t]{0,8})(["']?)([${KEY_CHARS}]{1,128})\3([ \t]{0,8},[ \t]{0,8})(["']?)value\6([ \t]{0,8}:[ \t]{0,8})` +
    `(?:"(${quoted('"')})"?|'(${quoted("'")})'?|` +
    String.raw`([^\s"',;&)}\]]+))`,
  'gi',
);

function redactEnvPair(...groups: Array<string | undefined>): string {
  const [match = '', q1 = '', sep1 = '', q2 = '', name = '', comma = '', q3 = '', sep2 = '', dq, sq, bare = ''] =
    groups;
  const value = dq ?? sq ?? bare;
  if (!isSecretPair(name, value) || isPlainValue(value)) return match;
  const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
  return `${q1}name${q1}${sep1}${q2}${name}${q2}${comma}${q3}value${q3}${sep2}${quote}${REDACTED}${quote}`;
}

function redactKeyValue(...groups: Array<string | undefined>): string {
  const [match = '', quote = '', key = '', sep = '', dq, dqEnd = '', sq, sqEnd = '', scheme = '', bare] = groups;
  const value = dq ?? sq ?? bare ?? '';
  if (!isSecretPair(key, value) || isPlainValue(value)) return match;
  const head = `${quote}${key}${quote}${sep}`;
  if (dq !== undefined) return `${head}"${REDACTED}${dqEnd}`;
  if (sq !== undefined) return `${head}'${REDACTED}${sqEnd}`;
  return `${head}${scheme}${REDACTED}`;
}

export const redactBearer = (text: string): string =>
  text
    .replace(BEARER, (_m, word: string, space: string) => `${word}${space}${REDACTED}`)
    .replace(DIGEST_RESPONSE, `$1"${REDACTED}"`);

export function redactKeyValues(text: string): string {
  const out = text.replace(ENV_PAIR, (...args: unknown[]) =>
    redactEnvPair(...(args.slice(0, 11) as Array<string | undefined>)),
  );
  return out.replace(KEY_VALUE, (...args: unknown[]) =>
    redactKeyValue(...(args.slice(0, 10) as Array<string | undefined>)),
  );
}
