// The evidence excerpt: the last termination, the newest events and the log tail, as plain lines for a code block.
import type { StoredEvidence } from '../../store/index.js';

const LOG_LINES = 15;

/** Raw cluster text; the caller sanitizes, caps and escapes it (codeBody). */
export function evidenceExcerpt(e: StoredEvidence): string {
  const lines: string[] = [];
  if (e.lastTermination) {
    const t = e.lastTermination;
    lines.push(`last termination: exit ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}${t.message ? `: ${t.message}` : ''}`);
  }
  for (const ev of e.events.slice(0, 3)) lines.push(`event ${ev.reason} ×${ev.count}: ${ev.message}`);
  if (e.logTail.trim()) {
    lines.push(`${e.logsPrevious ? 'previous container log' : 'log'} (last lines):`);
    lines.push(...e.logTail.replace(/\n+$/, '').split('\n').slice(-LOG_LINES));
  }
  return lines.join('\n');
}
