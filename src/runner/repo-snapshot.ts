// The bot's side of handing a GitOps repository to a diagnosis Job: the text files under the manager's source path,
// read from the bot's clone, redacted, and bounded, so the Job gets the repository tools without git credentials.
import { describeError } from '../errors.js';
import { normalSourcePath, type RepoView, readRepoFile, repoBlobs } from '../gitops/index.js';
import { redact } from '../redact/index.js';
import { MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_FILES, type RepoSnapshot } from './schema.js';

export interface SnapshotCaps {
  maxFiles: number;
  maxBytes: number;
}

export const SNAPSHOT_CAPS: SnapshotCaps = { maxFiles: MAX_SNAPSHOT_FILES, maxBytes: MAX_SNAPSHOT_BYTES };

/** A whole snapshot, or why there is none: a partial one would let the model plan on files it never saw. */
export type SnapshotTaken =
  | { snapshot: RepoSnapshot; skipped: number; bytes: number }
  | { unavailable: string; files: number; bytes: number };

/**
 * The regular text files under `view`'s source path. Files the repository tools would refuse to read (binary, not
 * UTF-8, over MAX_REPO_FILE_BYTES, symlinks out) are left out, as they are unreadable in process too.
 */
export async function snapshotRepo(view: RepoView, caps: SnapshotCaps = SNAPSHOT_CAPS): Promise<SnapshotTaken> {
  const root = normalSourcePath(view.sourcePath) || '.';
  let blobs: Record<string, string>;
  try {
    blobs = await repoBlobs(view);
  } catch (err) {
    return { unavailable: `its files could not be listed (${describeError(err)})`, files: 0, bytes: 0 };
  }
  const paths = Object.keys(blobs).sort();
  if (paths.length > caps.maxFiles)
    return {
      unavailable: `${root} holds ${paths.length} files, more than the ${caps.maxFiles} a diagnosis Job is given`,
      files: paths.length,
      bytes: 0,
    };
  const files: RepoSnapshot['files'] = [];
  let bytes = 0;
  let skipped = 0;
  for (const path of paths) {
    let file: Awaited<ReturnType<typeof readRepoFile>>;
    try {
      file = await readRepoFile(view, path);
    } catch {
      skipped++;
      continue;
    }
    // git grep -I calls a file with a NUL binary; there is nothing in it to read or edit.
    if (file.content.includes('\0')) {
      skipped++;
      continue;
    }
    bytes += file.bytes;
    if (bytes > caps.maxBytes)
      return {
        unavailable: `the files under ${root} come to more than the ${caps.maxBytes} bytes a diagnosis Job is given`,
        files: paths.length,
        bytes,
      };
    // The input is a ConfigMap others may read; the model would only see the redacted text anyway.
    const content = redact(file.content);
    files.push({ path, content, blobSha: file.blobSha, ...(content === file.content ? {} : { redacted: true }) });
  }
  return {
    snapshot: { url: view.url, ref: view.ref, headSha: view.headSha, sourcePath: view.sourcePath, files },
    skipped,
    bytes,
  };
}
