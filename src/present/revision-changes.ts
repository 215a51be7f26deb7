// What a revised proposal changes against the one it replaces: both diffs are against the live state, so comparing
// their meaningful lines (action titles, class lines, +/- lines, commands) shows what the reviewer's request moved.
import { diffArrays } from 'diff';

/** Enough to read the change at a glance; the whole new diff is in the message anyway. */
export const REVISION_CHANGE_LINES = 40;
export const REVISION_CHANGE_LINE_CHARS = 300;

/** Lines the live state explains rather than the proposal: unified-diff context, hunk and file headers. */
function meaningful(diff: string): string[] {
  return diff
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter(
      (line) =>
        line.trim() !== '' &&
        !line.startsWith(' ') &&
        !line.startsWith('@@') &&
        !line.startsWith('\\ ') &&
        !/^(?:---|\+\+\+) /.test(line) &&
        !/^(?:Index: |={10,}$)/.test(line),
    );
}

/**
 * One line as shown: a line the proposal adds reads as its content ("memory: 256Mi"), one it removes from the live
 * object as "removes: …"; the indentation after the sign says little out of context, so it goes.
 */
function shown(line: string): string {
  const m = /^([+-])\s*(.*)$/.exec(line);
  const tight = m ? (m[1] === '+' ? m[2]! : `removes: ${m[2]}`) : line;
  return tight.length > REVISION_CHANGE_LINE_CHARS ? `${tight.slice(0, REVISION_CHANGE_LINE_CHARS - 1)}…` : tight;
}

/**
 * The changes of `previousDiff` the revision dropped (`- memory: 128Mi`: the old proposal would have set that) and
 * the ones it brought (`+ memory: 256Mi`), in order, at most
 * REVISION_CHANGE_LINES of them (then one line saying how many more); empty when both change the same lines.
 */
export function revisionChanges(previousDiff: string, nextDiff: string): string[] {
  const out: string[] = [];
  for (const part of diffArrays(meaningful(previousDiff), meaningful(nextDiff))) {
    if (!part.added && !part.removed) continue;
    for (const line of part.value) out.push(`${part.added ? '+' : '-'} ${shown(line)}`);
  }
  if (out.length <= REVISION_CHANGE_LINES) return out;
  const more = out.length - (REVISION_CHANGE_LINES - 1);
  return [...out.slice(0, REVISION_CHANGE_LINES - 1), `… and ${more} more changed lines`];
}
