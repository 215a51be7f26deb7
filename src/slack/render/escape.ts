// Mrkdwn that is safe by construction: a branded string type that only escaping helpers make, and raw() as the one
// visible way around them. Cluster and model text is redacted, stripped of control characters, escaped (&, <, >:
// which makes <!channel>, <@U…> and <url|label> inert) and, inside code, kept from closing its fence.
import { MAX_LINE_CHARS, redact, sanitize, sanitizeShort } from '../../redact/index.js';

declare const brand: unique symbol;
/** Text Slack may parse as mrkdwn, already escaped or built from escaped parts. */
export type Mrkdwn = string & { readonly [brand]: 'mrkdwn' };

/** For text Clopus writes itself (constants, formatted numbers); reviewed, never for outside text. */
export const raw = (text: string): Mrkdwn => text as Mrkdwn;

/** Slack's three entities; nothing else is escaped (a backslash or an asterisk is shown as it is). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text from a person or Clopus (a reason typed in Slack, an actor name): escaped. */
export const text = (value: string | number): Mrkdwn => raw(escapeMrkdwn(String(value)));

/** One line of cluster or model text: redacted, control characters gone, capped, escaped, unable to open a code block. */
export const untrusted = (value: string, maxChars = 300): Mrkdwn =>
  raw(breakFences(escapeMrkdwn(sanitizeShort(value, maxChars))));

/** Sentences that may quote the cluster (a decision's outcome, an API server's refusal): redacted, one paragraph, escaped. */
export const prose = (value: string, maxChars = 2900): Mrkdwn =>
  raw(breakFences(escapeMrkdwn(sanitizeShort(value, maxChars))));

/** Like prose, with the Slack actors Clopus names ("slack:U123") shown as mentions. */
export function proseWithMentions(value: string, maxChars = 2900): Mrkdwn {
  const parts = sanitizeShort(value, maxChars).split(/slack:([UW][A-Z0-9]{2,20})\b/);
  return raw(parts.map((part, i) => (i % 2 === 1 ? `<@${part}>` : breakFences(escapeMrkdwn(part)))).join(''));
}

/** Joins escaped parts; interpolations must already be Mrkdwn (or numbers), so outside text cannot slip in. */
export function md(strings: TemplateStringsArray, ...values: Array<Mrkdwn | number>): Mrkdwn {
  return raw(strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), ''));
}

export const join = (parts: readonly Mrkdwn[], sep: string): Mrkdwn => raw(parts.join(sep));

/** Three or more backticks in a row would end a code block: a zero-width space between each keeps them shown. */
export function breakFences(value: string): string {
  return value.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

/** Inline code: a backtick would end it, so it is shown as a similar quote. */
export const code = (value: string, maxChars = 200): Mrkdwn =>
  raw(`\`${escapeMrkdwn(sanitizeShort(value, maxChars)).replace(/`/g, 'ˋ')}\``);

/** Escaped, fence-proof text for the inside of a ``` block; multi-line cluster text is sanitized (tail kept). */
export function codeBody(value: string, maxChars: number): string {
  return breakFences(escapeMrkdwn(sanitize(value, maxChars).text));
}

/** Pieces a line is cleaned in: far below the redactor's line cap, so that no redaction can push one over it. */
const PIECE_CHARS = 500;

function pieces(line: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < line.length; ) {
    let end = Math.min(line.length, at + PIECE_CHARS);
    // Never between the two halves of a surrogate pair: each would become U+FFFD.
    if (end < line.length && /[\ud800-\udbff]/.test(line[end - 1]!)) end--;
    out.push(line.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * Like codeBody, but nothing is left out: every line is kept whole, however long (an exec's argv is what runs, so
 * a reviewer must see all of it). The text is redacted as a whole first (secrets spanning lines, then within each
 * line), then each line is stripped of controls and redacted again in pieces well below the redactor's line cap.
 */
export function wholeCodeBody(value: string): string {
  const lines = redact(value.replace(/\r\n?/g, '\n')).split('\n');
  const clean = lines.map((line) =>
    pieces(line)
      .map((p) => sanitize(p, MAX_LINE_CHARS).text)
      .join(''),
  );
  return breakFences(escapeMrkdwn(clean.join('\n')));
}

/** A ``` block around text already made safe by codeBody or wholeCodeBody. */
export const fence = (body: string): Mrkdwn => raw(`\`\`\`\n${body.replace(/\n+$/, '') || ' '}\n\`\`\``);

/** Cuts escaped text to `max` characters without splitting an entity such as &amp;. */
export function cut(value: Mrkdwn, max: number): Mrkdwn {
  if (value.length <= max) return value;
  return raw(`${value.slice(0, Math.max(0, max - 1)).replace(/&[a-z]{0,4}$/, '')}…`);
}

/** A mention Slack renders as the person's name; anything not shaped like a user ID is shown as text. */
export function mention(userId: string): Mrkdwn {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? raw(`<@${userId}>`) : text(userId);
}

/**
 * A link Clopus made (a pull request it opened): only http(s) URLs become links, the label is escaped, and `|` or
 * `>` in the URL cannot end it early; anything else is shown as plain text.
 */
export function link(url: string, label: string): Mrkdwn {
  if (!/^https?:\/\/[^\s<>|]+$/.test(url)) return text(url);
  return raw(`<${url.replace(/&/g, '&amp;')}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`);
}

/** A time Slack shows in the reader's time zone (or as "5 minutes ago" with `{ago}`), the ISO time as fallback. */
export function date(
  iso: string,
  format: '{date_short_pretty} {time_secs}' | '{ago}' = '{date_short_pretty} {time_secs}',
): Mrkdwn {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return text(iso);
  return raw(`<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(iso)}>`);
}
