// A proposal's rendered diff (fixer/diff renderSections): numbered action titles, unified diffs and descriptions,
// shown line by line in monospace with added and removed lines coloured. Every line is text, never markup.
import { type Html, html } from '../html.js';

export type DiffLineKind = 'title' | 'file' | 'hunk' | 'add' | 'del' | 'note' | 'meta' | 'ctx';

const TITLE = /^\d+\. (edit_file|exec|restart_pod|patch_workload|edit_repo_file)\b/;

/** Classifies each line; `---`/`+++` count as file headers only before a section's first hunk. */
export function classifyDiff(text: string): Array<{ kind: DiffLineKind; text: string }> {
  const lines = text.replace(/\n$/, '').split('\n');
  let inHunk = false;
  return lines.map((line) => {
    let kind: DiffLineKind;
    // A hunk holds only context, added, removed and "\ No newline" lines: anything else (the rendered diff's
    // heading after a file diff, a blank line between sections) ends it, so the next `---`/`+++` is a header again.
    if (inHunk && !/^[ +\-\\]/.test(line)) inHunk = false;
    if (TITLE.test(line)) {
      inHunk = false;
      kind = 'title';
    } else if (line.startsWith('@@')) {
      inHunk = true;
      kind = 'hunk';
    } else if (!inHunk && (line.startsWith('--- ') || line.startsWith('+++ '))) kind = 'file';
    else if (!inHunk && (line.startsWith('note: ') || line.startsWith('problem: '))) kind = 'note';
    else if (/^(\\ |… \d+ more line|={10,}$|Index: )/.test(line)) kind = 'meta';
    else if (inHunk && line.startsWith('+')) kind = 'add';
    else if (inHunk && line.startsWith('-')) kind = 'del';
    else kind = 'ctx';
    return { kind, text: line };
  });
}

export function diffView(text: string): Html {
  if (text.trim() === '') return html`<div class="empty small">This proposal has no diff.</div>`;
  const lines = classifyDiff(text);
  const added = lines.filter((l) => l.kind === 'add').length;
  const removed = lines.filter((l) => l.kind === 'del').length;
  return html`<div class="diff-wrap">
<div class="diff-stats"><span class="diff-add-count">+${added}</span> <span class="diff-del-count">−${removed}</span></div>
<pre class="diff" tabindex="0">${lines.map((l) => html`<span class="dl dl-${l.kind}">${l.text === '' ? ' ' : l.text}</span>`)}</pre>
</div>`;
}
