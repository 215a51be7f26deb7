// The stored diff text read back per action: one section per action ("N. <type> …" then the body, whose first line
// may say the change class and the fields it changes), and bodies cut into pieces that each fit a code block.
import { wholeCodeBody } from './escape.js';

const CHUNK_CHARS = 2_900;

const TITLE = /^(\d+)\. (edit_file|exec|restart_pod|patch_workload|edit_repo_file)(?: |$)/;
/** `class: <change-class> · changes: <field>, <field>, …` (proposals made before classes have no such line). */
const CLASS_LINE = /^class: ([a-z][a-z0-9-]{0,63})(?: · changes: (.*))?$/;

export interface DiffSection {
  /** The title line as stored, e.g. "2. exec in shop/web-1/app". */
  title: string;
  body: string;
  /** The action's number and type from the title; absent for text before the first title. */
  action?: number;
  type?: string;
}

/** Splits the stored diff text back into its per-action sections ("1. patch_workload …" then the body). */
export function diffSections(diff: string): DiffSection[] {
  const sections: Array<{ title: string; lines: string[]; action?: number; type?: string }> = [];
  for (const line of diff.split('\n')) {
    const m = TITLE.exec(line);
    if (m) sections.push({ title: line, lines: [], action: Number(m[1]), type: m[2]! });
    else if (sections.length > 0) sections.at(-1)!.lines.push(line);
    else if (line.trim()) sections.push({ title: 'diff', lines: [line] });
  }
  return sections.map(({ lines, ...s }) => ({ ...s, body: lines.join('\n').replace(/\n+$/, '') }));
}

export interface ChangeFacts {
  changeClass: string;
  fields: string[];
}

/** The change class and changed fields from a section's first body line, if it has one. */
export function changeFacts(body: string): ChangeFacts | undefined {
  const first = body.split('\n', 1)[0] ?? '';
  const m = CLASS_LINE.exec(first.trim());
  if (!m) return undefined;
  const fields = (m[2] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return { changeClass: m[1]!, fields };
}

/** The body without its class line: for an exec, the command. */
export function bodyAfterFacts(body: string): string {
  return changeFacts(body) ? body.split('\n').slice(1).join('\n') : body;
}

/**
 * The body made safe (redacted, escaped, fence-proof) and whole, cut into pieces that each fit one section with its
 * fence. A line longer than a piece continues in the next one, so every character is posted.
 */
export function chunkBody(body: string, max = CHUNK_CHARS): string[] {
  const safe = wholeCodeBody(body);
  const chunks: string[] = [];
  let current = '';
  for (const line of safe.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) chunks.push(current);
      // Never inside an entity (&amp;) or between the halves of a surrogate pair.
      chunks.push(
        rest
          .slice(0, max)
          .replace(/&[a-z]{0,4}$/, '')
          .replace(/[\ud800-\udbff]$/, ''),
      );
      rest = rest.slice(chunks.at(-1)!.length);
      current = '';
    }
    if (current && current.length + 1 + rest.length > max) {
      chunks.push(current);
      current = rest;
    } else {
      current = current ? `${current}\n${rest}` : rest;
    }
  }
  if (current || chunks.length === 0) chunks.push(current);
  return chunks;
}
