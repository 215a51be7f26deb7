// Untrusted cluster text made safe to store, show and hand to a model: no secrets, no terminal tricks, bounded size.
//
// Every pattern here runs over up to megabytes of hostile log text, so each one either
// starts with a literal or is pinned by a lookbehind to the start of a run, and every
// repetition that can still fail after it is bounded: no start costs more than a bounded scan.
// (Bounds matter twice: V8 also overflows its backtrack stack on `{n,}` over a 10 MB run.)

export const REDACTED = '[REDACTED]';

/** Longest single line kept; the rest is replaced by a `…[+N chars]` marker. */
export const MAX_LINE_CHARS = 2000;

const KEY_CHARS = 'A-Za-z0-9_.-';

/** Formats whose shape alone says "secret"; replaced whole. */
const TOKEN_PATTERNS: RegExp[] = [
  /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g, // AWS access key id
  /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, // Google API key
  /(?<![A-Za-z0-9-])(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,4096}/g, // Slack
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,4096}|github_pat_[A-Za-z0-9_]{20,4096})/g, // GitHub
  // Anthropic / OpenAI. A digit is required so that words like "sk-learn-…" survive.
  /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{0,256}[0-9])[A-Za-z0-9_-]{20,4096}/g,
  // JWT: base64url JSON header and payload, then a (possibly empty) signature.
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,65536}\.[A-Za-z0-9_-]{4,65536}\.[A-Za-z0-9_-]{0,65536}/g,
];

/** `scheme://user:password@host` for any scheme; the user stays, it helps diagnosis. */
const URL_PASSWORD = /:\/\/([^\s:@/]{0,256}):([^\s@/]{1,1024})@/g;

/** `Bearer <token>` outside a key/value pair; a short plain word ("bearer token invalid") is prose. */
const BEARER = /(?<![A-Za-z0-9_])(bearer)([ \t]{1,8})(?=[A-Za-z0-9._~+/=-]{0,2048}[0-9._~+/=-]|[A-Za-z0-9._~+/=-]{16})[A-Za-z0-9._~+/=-]{8,4096}/gi;

/** A quoted string's body with backslash escapes, as an unrolled loop that never backtracks. */
const quoted = (q: string): string => String.raw`[^${q}\\\n]{0,65536}(?:\\.[^${q}\\\n]{0,65536}){0,1024}`;

/**
 * A key with a secret-looking word in it, a separator, then a value. The lookbehind pins
 * the key to the start of its run; whether the key really names a secret is decided in
 * code (isSecretKey), which is easier to get right than one more alternation. Values never
 * fail after a long scan (a quote need not close), so the scan is always consumed.
 */
const KEY_VALUE = new RegExp(
  String.raw`(?<![${KEY_CHARS}])(["']?)([${KEY_CHARS}]{0,64}?(?:pass|pwd|secret|token|key|cred|auth|dsn|conn)[${KEY_CHARS}]{0,64})\1` +
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
    `(?:"(${quoted('"')})"?|'(${quoted("'")})'?|` + String.raw`([^\s"',;&)}\]]+))`,
  'gi',
);

/** The same entry as a YAML block: "- name: DB_PASSWORD" with "value: …" on the next line. */
const ENV_YAML = /^([ \t]{0,64}-[ \t]{1,8}name:[ \t]{0,8})(["']?)([A-Za-z0-9_.-]{1,128})\2([ \t]{0,8}\n[ \t]{1,64}value:[ \t]{0,8})(\S[^\n]{0,4095})$/gm;

const SECRET_WORDS = ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'accesskey', 'privatekey', 'credential', 'credentials', 'auth', 'authorization', 'clientsecret', 'connectionstring', 'dsn'];
// Words split over two segments: API_KEY, access-key, connection.string.
const SECRET_PAIRS = new Set(['api_key', 'access_key', 'private_key', 'connection_string', 'conn_str']);
// Keys that mention a secret but hold something about it: its name, file, lifetime.
const HARMLESS_LAST = new Set(['name', 'names', 'ref', 'keyref', 'file', 'path', 'dir', 'type', 'method', 'policy', 'length', 'len', 'ttl', 'expiry', 'expires', 'expiration', 'in', 'at', 'status', 'enabled', 'count', 'id', 'mode', 'required', 'namespace']);

const secretKeyCache = new Map<string, boolean>();

/** Whether a key such as DB_PASSWORD, clientSecret or --api-key names a secret. */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    known = classifyKey(key);
    // Logs repeat the same few keys; the bound only guards against hostile variety.
    if (secretKeyCache.size > 10_000) secretKeyCache.clear();
    secretKeyCache.set(key, known);
  }
  return known;
}

function classifyKey(key: string): boolean {
  const segments = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/)
    .filter((s) => s !== '');
  const last = segments.at(-1);
  if (last === undefined || HARMLESS_LAST.has(last)) return false;
  return segments.some(
    (segment, i) => SECRET_WORDS.some((word) => segment.endsWith(word)) || SECRET_PAIRS.has(`${segment}_${segments[i + 1] ?? ''}`),
  );
}

const PEM_MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/g;
// A key body line (or an encrypted key's header). JSON keeps the body on one line with `\n` escapes.
const PEM_BODY_LINE = /^(?:[A-Za-z0-9+/=\\]*|Proc-Type: .*|DEK-Info: .*)$/;
const PEM_BODY_RUN = /[A-Za-z0-9+/=\\]*/y;
const isPemBodyChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9+/=\\]/.test(c);

function pemBodyEnd(text: string, from: number): number {
  PEM_BODY_RUN.lastIndex = from;
  PEM_BODY_RUN.test(text);
  let pos = PEM_BODY_RUN.lastIndex;
  while (text[pos] === '\n') {
    const next = text.indexOf('\n', pos + 1);
    const lineEnd = next === -1 ? text.length : next;
    if (!PEM_BODY_LINE.test(text.slice(pos + 1, lineEnd))) break;
    pos = lineEnd;
  }
  return pos;
}

function pemBodyStart(text: string, from: number, floor: number): number {
  let pos = from;
  while (pos > floor && isPemBodyChar(text[pos - 1])) pos--;
  while (pos > floor && text[pos - 1] === '\n') {
    const lineStart = Math.max(floor, text.lastIndexOf('\n', pos - 2) + 1);
    if (!PEM_BODY_LINE.test(text.slice(lineStart, pos - 1))) break;
    pos = lineStart;
  }
  return pos;
}

const masked = (body: string): string => (body.includes('\n') ? `\n${REDACTED}\n` : REDACTED);

/**
 * Private key blocks, done in code so that an unmatched marker costs one linear walk:
 * a BEGIN without END (the text was cut) redacts the key lines after it, an END without
 * BEGIN (a log fetched from the middle) redacts the key lines before it.
 */
function redactPem(text: string): string {
  if (!text.includes('PRIVATE KEY')) return text;
  const out: string[] = [];
  let copied = 0;
  let open: number | undefined; // index just after an unmatched BEGIN marker
  for (const match of text.matchAll(PEM_MARKER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] === 'BEGIN') {
      if (open !== undefined) continue; // a second BEGIN inside a block: the first one still spans it
      out.push(text.slice(copied, end));
      copied = end;
      open = end;
      continue;
    }
    const bodyStart = open ?? pemBodyStart(text, start, copied);
    if (open === undefined) out.push(text.slice(copied, bodyStart));
    out.push(masked(text.slice(bodyStart, start)), match[0]);
    copied = end;
    open = undefined;
  }
  if (open !== undefined) {
    copied = pemBodyEnd(text, open);
    out.push(masked(text.slice(open, copied)));
  }
  out.push(text.slice(copied));
  return out.join('');
}

function redactEnvPair(...groups: Array<string | undefined>): string {
  const [match = '', q1 = '', sep1 = '', q2 = '', name = '', comma = '', q3 = '', sep2 = '', dq, sq, bare = ''] = groups;
  const value = dq ?? sq ?? bare;
  if (!isSecretKey(name) || value === '' || value.startsWith('[REDACTED')) return match;
  const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
  return `${q1}name${q1}${sep1}${q2}${name}${q2}${comma}${q3}value${q3}${sep2}${quote}${REDACTED}${quote}`;
}

/** YAML env blocks span two lines, so they are done on the whole text, like private keys. */
function redactEnvYaml(text: string): string {
  if (!text.includes('name:')) return text;
  return text.replace(ENV_YAML, (match, head: string, q: string, name: string, between: string, value: string) =>
    isSecretKey(name) && !value.startsWith('[REDACTED') ? `${head}${q}${name}${q}${between}${REDACTED}` : match);
}

/** Multi-line secrets: private key blocks and YAML env entries. */
const redactBlocks = (text: string): string => redactEnvYaml(redactPem(text));

function redactKeyValue(...groups: Array<string | undefined>): string {
  const [match = '', quote = '', key = '', sep = '', dq, dqEnd = '', sq, sqEnd = '', scheme = '', bare] = groups;
  if (!isSecretKey(key)) return match;
  const head = `${quote}${key}${quote}${sep}`;
  if (dq !== undefined) return dq === '' || dq.startsWith('[REDACTED') ? match : `${head}"${REDACTED}${dqEnd}`;
  if (sq !== undefined) return sq === '' || sq.startsWith('[REDACTED') ? match : `${head}'${REDACTED}${sqEnd}`;
  // An earlier pass already redacted it (the value class stops at its closing bracket).
  if (bare === undefined || bare.startsWith('[REDACTED')) return match;
  return `${head}${scheme}${REDACTED}`;
}

/** Everything but private keys: these patterns never cross a newline, so they can run line by line. */
function redactInline(text: string): string {
  let out = text.replace(URL_PASSWORD, (_m, user: string) => `://${user}:${REDACTED}@`);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  out = out.replace(BEARER, (_m, word: string, space: string) => `${word}${space}${REDACTED}`);
  out = out.replace(ENV_PAIR, (...args: unknown[]) => redactEnvPair(...(args.slice(0, 11) as Array<string | undefined>)));
  return out.replace(KEY_VALUE, (...args: unknown[]) => redactKeyValue(...(args.slice(0, 10) as Array<string | undefined>)));
}

/** Replaces secrets with [REDACTED], keeping the key or scheme that names them. */
export function redact(text: string): string {
  return redactInline(redactBlocks(text));
}

// ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks), and two-byte escapes.
const ANSI = /\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]/g;
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
  const clean = text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '');
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
