// Untrusted cluster text made safe to store, show and hand to a model: no secrets, no terminal tricks, bounded size.
//
// Secrets are found two ways. Hand-written rules (redact/*.ts) know the contexts secrets sit in — keys, URLs,
// headers, cookies, command lines, XML, YAML blocks, Secret manifests — and a few token formats, loosely.
// Behind them runs secretlint's recommended ruleset (@secretlint/secretlint-rule-preset-recommend): the most
// used maintained catalogue of provider token formats on npm, whose rules can be called synchronously and
// bounded (redact/ruleset.ts says how, and why not gitleaks' or detect-secrets').
//
// Every pattern here runs over up to megabytes of hostile log text, so each one either
// starts with a literal or is pinned by a lookbehind to the start of a run, and every
// repetition that can still fail after it is bounded: no start costs more than a bounded scan.
// (Bounds matter twice: V8 also overflows its backtrack stack on `{n,}` over a 10 MB run.)
import { redactCommandLines } from './cli.js';
import { redactCookies } from './cookies.js';
import { redactJwtLike } from './jwt.js';
import { redactSecretManifests } from './k8s-secret.js';
import { redactBearer, redactKeyValues } from './key-value.js';
import { redactMarkup } from './markup.js';
import { redactPem } from './pem.js';
import { redactByRuleset } from './ruleset.js';
import { redactTokens } from './tokens.js';
import { redactUrlPasswords } from './url.js';
import { redactBlockScalars, redactEnvYaml } from './yaml.js';

export { REDACTED } from './mask.js';
export { isSecretKey } from './secret-key.js';

/** Longest single line kept; the rest is replaced by a `…[+N chars]` marker. */
export const MAX_LINE_CHARS = 2000;

/** Multi-line secrets, done on the whole text: private keys, Secret manifests, YAML env entries and block scalars. */
const redactBlocks = (text: string): string =>
  redactBlockScalars(redactEnvYaml(redactSecretManifests(redactPem(text))));

/**
 * Everything else: these never cross a newline, so they can run line by line. Context rules run before the
 * ruleset, which then finds the formats they do not know; it skips what they already masked.
 */
const INLINE: Array<(text: string) => string> = [
  redactUrlPasswords,
  redactTokens,
  redactJwtLike,
  redactBearer,
  redactCookies,
  redactCommandLines,
  redactMarkup,
  redactKeyValues,
  redactByRuleset,
];

function redactInline(text: string): string {
  let out = text;
  for (const pass of INLINE) out = pass(out);
  return out;
}

/** Replaces secrets with [REDACTED], keeping the key or scheme that names them. */
export function redact(text: string): string {
  return redactInline(redactBlocks(text));
}

// ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks), and two-byte escapes.
const ANSI =
  /\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]/g;
// C0 and C1 controls except \t and \n, plus bidi overrides that make text read differently from what it is.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Longer than any single inline match (a JWT is at most ~200k chars by its pattern). */
const MAX_MATCH = 200_000;

/**
 * Redacts one line, then keeps its first MAX_LINE_CHARS. A huge line is redacted only as
 * far as can reach the kept head: a match cut at the end of that prefix lies at least
 * MAX_MATCH chars past the head, unless redaction shrank the prefix, in which case the
 * whole line is redacted after all.
 */
function redactAndCapLine(line: string): { line: string; capped: boolean } {
  let redacted: string;
  let unseen = 0;
  const prefixLength = MAX_LINE_CHARS + 2 * MAX_MATCH;
  if (line.length > prefixLength) {
    redacted = redactInline(line.slice(0, prefixLength));
    unseen = line.length - prefixLength;
    if (redacted.length < MAX_LINE_CHARS + MAX_MATCH) [redacted, unseen] = [redactInline(line), 0];
  } else {
    redacted = redactInline(line);
  }
  const dropped = redacted.length - MAX_LINE_CHARS + unseen;
  if (dropped <= 0) return { line: redacted, capped: false };
  return { line: `${redacted.slice(0, MAX_LINE_CHARS)}…[+${dropped} chars]`, capped: true };
}

/**
 * Keeps the tail: whole lines, newest last, within maxChars. Works backwards from the
 * end, redacting only the lines it keeps, so a 10 MB log costs little more than its tail.
 */
function redactTail(text: string, maxChars: number): { text: string; truncated: boolean } {
  const kept: string[] = [];
  let used = 0;
  let truncated = false;
  let end = text.length;
  for (;;) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    const { line, capped } = redactAndCapLine(text.slice(start, end));
    if (capped) truncated = true;
    const cost = line.length + (kept.length > 0 ? 1 : 0);
    if (used + cost > maxChars) {
      // A single line longer than the budget keeps its own tail rather than nothing.
      if (kept.length === 0) kept.push(line.slice(line.length - maxChars));
      truncated = true;
      break;
    }
    kept.push(line);
    used += cost;
    if (start === 0) break;
    end = start - 1;
  }
  return { text: kept.reverse().join('\n'), truncated };
}

/**
 * Makes cluster text safe to keep: strips terminal escapes and control characters,
 * replaces broken UTF-16 with U+FFFD, redacts secrets, then caps long lines and keeps
 * the last maxChars (for logs the end is what matters). Each line is redacted before it
 * is cut, so a secret straddling a cap is never half-kept.
 */
export function sanitize(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (maxChars <= 0) return { text: '', truncated: text.length > 0 };
  const clean = text.replace(LONE_SURROGATE, '\ufffd').replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
  return redactTail(redactBlocks(clean), maxChars);
}

/** Like sanitize, for raw bytes (a log stream): invalid UTF-8 becomes U+FFFD. */
export function sanitizeBuffer(buf: Buffer, maxChars: number): { text: string; truncated: boolean } {
  return sanitize(buf.toString('utf8'), maxChars);
}

/** sanitize for short single-line values (messages, reasons), where the start matters more than the end. */
export function sanitizeLine(text: string, maxChars: number): { text: string; truncated: boolean } {
  const clean = sanitize(text, Number.MAX_SAFE_INTEGER);
  const oneLine = clean.text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  if (oneLine.length <= maxChars) return { text: oneLine, truncated: clean.truncated };
  return { text: `${oneLine.slice(0, Math.max(0, maxChars - 1))}…`, truncated: true };
}

/** sanitizeLine when only the text is wanted. */
export const sanitizeShort = (text: string, maxChars: number): string => sanitizeLine(text, maxChars).text;
