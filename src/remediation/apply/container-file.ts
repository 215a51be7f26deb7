// Reading and replacing one file in a running container, through exec with argv only: the path travels as a
// positional parameter ("$1"), never spliced into the script, so no path can change what the shell runs.
import { createHash } from 'node:crypto';
import { ClopusError, describeError } from '../../errors.js';
import type { KubeClient } from '../../kube/index.js';

/** Largest previous content kept for rollback; a bigger file is not edited, since it could not be restored. */
export const MAX_KEPT_BYTES = 1024 * 1024;
const EXEC_TIMEOUT_MS = 30_000;
const MISSING = 44;

// Exit MISSING tells "no such file" apart from "cannot read it" without parsing localized error text.
const READ_SCRIPT = `test -e "$1" || exit ${MISSING}; cat "$1"`;
// cp -p first so the replacement keeps the old file's mode; the temp file sits next to the target so mv is a
// rename on one filesystem (atomic: readers see the old file or the new one, never half of it).
const WRITE_SCRIPT =
  'cp -p "$1" "$1.clopus-tmp" 2>/dev/null; cat > "$1.clopus-tmp" && mv -f "$1.clopus-tmp" "$1" && exit 0; rm -f "$1.clopus-tmp"; exit 1';
const REMOVE_SCRIPT = 'rm -f "$1"';

export interface FileRef {
  namespace: string;
  pod: string;
  container: string;
  path: string;
}

export interface FileState {
  /** null when the file does not exist. */
  content: string | null;
  sha256: string | null;
}

/** SHA-256 of text as UTF-8: what the planner's read_file reported, so the two compare. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The runtime's answer when argv[0] does not exist in the image: distroless, scratch, or a slim image. */
function missingBinary(err: unknown): boolean {
  return /executable file not found|OCI runtime exec failed|no such file or directory: unknown/i.test(
    describeError(err),
  );
}

async function runScript(kube: KubeClient, ref: FileRef, script: string, what: string, stdin?: string) {
  try {
    return await kube.exec({
      namespace: ref.namespace,
      pod: ref.pod,
      container: ref.container,
      argv: ['sh', '-c', script, 'sh', ref.path],
      ...(stdin === undefined ? {} : { stdin }),
      timeoutMs: EXEC_TIMEOUT_MS,
      maxOutputBytes: MAX_KEPT_BYTES + 1,
    });
  } catch (err) {
    if (missingBinary(err)) {
      throw new ClopusError(
        'EXEC_FAILED',
        `container ${ref.container} has no shell; a file edit is not possible here (${what} ${ref.path} in pod ${ref.pod} needs sh, cat and mv)`,
        { cause: err },
      );
    }
    throw new ClopusError(
      'EXEC_FAILED',
      `${what} ${ref.path} in ${ref.pod}/${ref.container} failed: ${describeError(err)}`,
      { cause: err },
    );
  }
}

const firstLine = (text: string): string => text.trim().split('\n')[0]?.slice(0, 300) ?? '';

export async function readContainerFile(kube: KubeClient, ref: FileRef): Promise<FileState> {
  const r = await runScript(kube, ref, READ_SCRIPT, 'reading');
  if (r.exitCode === MISSING) return { content: null, sha256: null };
  if (r.exitCode !== 0)
    throw new ClopusError(
      'EXEC_FAILED',
      `reading ${ref.path} in ${ref.pod}/${ref.container} failed (exit ${r.exitCode}): ${firstLine(r.stderr) || 'no message'}`,
    );
  if (r.truncated || Buffer.byteLength(r.stdout) > MAX_KEPT_BYTES) {
    throw new ClopusError(
      'EXEC_FAILED',
      `${ref.path} in ${ref.pod}/${ref.container} is larger than ${MAX_KEPT_BYTES} bytes; its content could not be kept for rollback, so it is not edited`,
    );
  }
  // Invalid UTF-8 decodes to U+FFFD: writing that back would corrupt the file, so such a file is not ours to edit.
  if (r.stdout.includes('\uFFFD')) {
    throw new ClopusError(
      'EXEC_FAILED',
      `${ref.path} in ${ref.pod}/${ref.container} is not UTF-8 text; its content could not be kept for rollback, so it is not edited`,
    );
  }
  return { content: r.stdout, sha256: sha256(r.stdout) };
}

/** Replaces the file atomically and reads it back; returns the SHA-256 now on disk. */
export async function writeContainerFile(kube: KubeClient, ref: FileRef, content: string): Promise<string> {
  const r = await runScript(kube, ref, WRITE_SCRIPT, 'writing', content);
  if (r.exitCode !== 0)
    throw new ClopusError(
      'EXEC_FAILED',
      `writing ${ref.path} in ${ref.pod}/${ref.container} failed (exit ${r.exitCode}): ${firstLine(r.stderr) || 'no message'}`,
    );
  const now = await readContainerFile(kube, ref);
  const want = sha256(content);
  if (now.sha256 !== want)
    throw new ClopusError(
      'EXEC_FAILED',
      `writing ${ref.path} in ${ref.pod}/${ref.container} did not stick: the file reads back with a different content`,
    );
  return want;
}

/** Removes a file the fix created (rollback of an edit to a file that did not exist). */
export async function removeContainerFile(kube: KubeClient, ref: FileRef): Promise<void> {
  const r = await runScript(kube, ref, REMOVE_SCRIPT, 'removing');
  if (r.exitCode !== 0)
    throw new ClopusError(
      'EXEC_FAILED',
      `removing ${ref.path} in ${ref.pod}/${ref.container} failed (exit ${r.exitCode}): ${firstLine(r.stderr) || 'no message'}`,
    );
}
