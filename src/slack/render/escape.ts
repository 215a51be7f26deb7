// Mrkdwn that is safe by construction: a branded string type that only escaping helpers make, and raw() as the one
// visible way around them. Cluster and model text is redacted, stripped of control characters, escaped (&, <, >:
// which makes <!channel>, <@U…> and <url|label> inert) and, inside code, kept from closing its fence.
import { sanitize, sanitizeShort } from '../../detector/redact.js';

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
export const untrusted = (value: string, maxChars = 300): Mrkdwn => raw(breakFences(escapeMrkdwn(sanitizeShort(value, maxChars))));

/** Sentences that may quote the cluster (a decision's outcome, an API server's refusal): redacted, one paragraph, escaped. */
export const prose = (value: string, maxChars = 2900): Mrkdwn => raw(breakFences(escapeMrkdwn(sanitizeShort(value, maxChars))));

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
export const code = (value: string, maxChars = 200): Mrkdwn => raw(`\`${escapeMrkdwn(sanitizeShort(value, maxChars)).replace(/`/g, 'ˋ')}\``);

/** Escaped, fence-proof text for the inside of a ``` block; multi-line cluster text is sanitized (tail kept). */
export function codeBody(value: string, maxChars: number): string {
  return breakFences(escapeMrkdwn(sanitize(value, maxChars).text));
}

/** A ``` block around text already made safe by codeBody. */
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

/** A time Slack shows in the reader's time zone (or as "5 minutes ago" with `{ago}`), the ISO time as fallback. */
export function date(iso: string, format: '{date_short_pretty} {time_secs}' | '{ago}' = '{date_short_pretty} {time_secs}'): Mrkdwn {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return text(iso);
  return raw(`<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(iso)}>`);
}
