// edit_file as a unified diff: the file as it is in the container now (read with `cat`) against the new content.
import { createHash } from 'node:crypto';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describeError } from '../../errors.js';
import type { PlannerKube } from '../claude/types.js';
import { type EditFileAction, MAX_FILE_BYTES } from '../proposal/schema.js';

const READ_TIMEOUT_MS = 10_000;

export interface CurrentFile {
  /** Undefined when the file could not be read; `note` says why. */
  content: string | undefined;
  note?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The file's current content, '' for a file that does not exist yet. */
export async function readCurrent(
  kube: Pick<PlannerKube, 'exec'>,
  namespace: string,
  action: EditFileAction,
): Promise<CurrentFile> {
  try {
    const r = await kube.exec({
      namespace,
      pod: action.pod,
      container: action.container,
      argv: ['cat', action.path],
      timeoutMs: READ_TIMEOUT_MS,
      maxOutputBytes: MAX_FILE_BYTES + 1,
    });
    if (r.exitCode !== 0) {
      if (/no such file/i.test(r.stderr)) return { content: '', note: 'new file' };
      return {
        content: undefined,
        note: `cannot read the current file: cat exited with ${r.exitCode}: ${r.stderr.trim().slice(0, 200)}`,
      };
    }
    if (r.truncated) return { content: undefined, note: `the current file is over ${MAX_FILE_BYTES} bytes` };
    return { content: r.stdout };
  } catch (err) {
    return { content: undefined, note: `cannot read the current file: ${describeError(err)}` };
  }
}

/** The unified diff of one edit, with notes above it (a new file, an unreadable one, a hash that moved on). */
export function editFileDiff(action: EditFileAction, current: CurrentFile): string {
  const notes: string[] = [];
  if (current.note)
    notes.push(`note: ${current.note}${current.content === undefined ? '; showing the new content whole' : ''}`);
  if (
    current.content !== undefined &&
    current.content !== '' &&
    action.expectedSha256 &&
    sha256(current.content) !== action.expectedSha256
  ) {
    notes.push(
      'note: the file changed since it was read for this proposal; applying will be refused unless it is re-planned',
    );
  }
  const before = current.content ?? '';
  const patch = createTwoFilesPatch(
    `a${action.path}`,
    `b${action.path}`,
    before,
    action.content,
    'current',
    'proposed',
    { context: 3, headerOptions: FILE_HEADERS_ONLY },
  );
  return [...notes, patch.trimEnd()].join('\n') + '\n';
}
