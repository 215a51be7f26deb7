// The evidence section of an incident message: the last termination and the newest events first, then the log
// tail in the room that is left, in one code block that always closes. Escaping can make cluster text up to five
// times longer (& → &amp;), so the room is counted on the escaped text; what does not fit is cut from the log's
// oldest end, never from the termination, the events or the closing fence.
import { sanitize, sanitizeShort } from '../../redact/index.js';
import type { StoredEvidence } from '../../store/index.js';
import { LIMITS } from './blocks.js';
import { breakFences, cut, escapeMrkdwn, fence, type Mrkdwn, md, raw, untrusted } from './escape.js';

const LOG_LINES = 15;
/** Per termination or event line, before and after escaping: together they leave the log most of the room. */
const HEAD_LINE_CHARS = 300;
const HEAD_LINE_ESCAPED = 500;
/** "```\n" and "\n```". */
const FENCE_CHARS = 8;

/** Escaped and unable to close the fence. */
const codeText = (value: string): string => breakFences(escapeMrkdwn(value));

/** One line of the head: redacted, on one line, escaped, capped after escaping. */
const headLine = (value: string): string =>
  cut(raw(codeText(sanitizeShort(value, HEAD_LINE_CHARS))), HEAD_LINE_ESCAPED);

/** What a character costs once escaped (a backtick may gain a zero-width space from breakFences). */
const escapedCost = (ch: string): number => (ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch === '`' ? 2 : 1);

/**
 * The newest end of `log` whose escaped form fits in `room`: whole lines when at least one fits, else the end of
 * the last line; "…" marks what was cut.
 */
export function logTailWithin(log: string, room: number): string {
  const whole = codeText(log);
  if (whole.length <= room) return whole;
  let used = 2;
  let start = log.length;
  while (start > 0 && used + escapedCost(log[start - 1]!) <= room) used += escapedCost(log[--start]!);
  // Not the second half of a surrogate pair alone.
  if (/[\udc00-\udfff]/.test(log[start] ?? '')) start++;
  const kept = log.slice(start);
  const newline = kept.indexOf('\n');
  if (newline !== -1 && newline < kept.length - 1) return `…\n${codeText(kept.slice(newline + 1))}`;
  return room >= 2 ? `…${codeText(kept)}` : '';
}

/** The section's mrkdwn, within `maxChars` (Slack's 3,000 for a section by default); empty when there is nothing to show. */
export function evidenceSection(e: StoredEvidence, maxChars: number = LIMITS.sectionText): Mrkdwn {
  const head: string[] = [];
  if (e.lastTermination) {
    const t = e.lastTermination;
    head.push(
      headLine(
        `last termination: exit ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}${t.message ? `: ${t.message}` : ''}`,
      ),
    );
  }
  for (const ev of e.events.slice(0, 3)) head.push(headLine(`event ${ev.reason} ×${ev.count}: ${ev.message}`));
  const log = e.logTail.trim()
    ? sanitize(e.logTail.replace(/\n+$/, '').split('\n').slice(-LOG_LINES).join('\n'), maxChars).text
    : '';
  if (head.length === 0 && !log) return raw('');

  const title = md`*Evidence* (${untrusted(e.pod, 80)}, redacted)\n`;
  const lines = [...head];
  if (log) {
    const heading = `${e.logsPrevious ? 'previous container log' : 'log'} (last lines):`;
    const room = maxChars - title.length - FENCE_CHARS - [...lines, heading].join('\n').length - 1;
    const tail = logTailWithin(log, room);
    if (tail) lines.push(heading, tail);
  }
  return md`${title}${fence(lines.join('\n'))}`;
}
