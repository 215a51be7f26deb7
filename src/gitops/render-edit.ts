// Rendering the manifests as they would be after an edit, without touching the clone: the tracked files are
// copied to a temporary directory (bases may sit outside the source path), the edits written there, and that
// copy rendered.
import { copyFile, lstat, mkdir, mkdtemp, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { ClopusError } from '../errors.js';
import { type RenderedObject, type RenderOptions, renderKustomize } from './render.js';
import { normalSourcePath, type RepoView, repoGit, repoPathProblem } from './repo-view.js';

export interface RepoEdit {
  path: string;
  content: string;
}

const MAX_COPY_FILES = 20_000;
const MAX_COPY_BYTES = 256 * 1024 * 1024;
const PARALLEL = 16;

async function copyTracked(view: RepoView, into: string): Promise<void> {
  const { stdout } = await repoGit(view, ['ls-files', '-z']);
  const files = stdout.split('\0').filter(Boolean);
  if (files.length > MAX_COPY_FILES)
    throw new ClopusError(
      'INPUT_INVALID',
      `The repository ${view.url} tracks ${files.length} files, more than the ${MAX_COPY_FILES} Clopus copies to render an edit.`,
    );
  let bytes = 0;
  for (let i = 0; i < files.length; i += PARALLEL) {
    await Promise.all(
      files.slice(i, i + PARALLEL).map(async (file) => {
        const from = join(view.dir, file);
        const to = join(into, file);
        const info = await lstat(from).catch(() => undefined);
        if (!info) return; // tracked but deleted in the clone: the render sees what the clone holds
        await mkdir(dirname(to), { recursive: true });
        // A symlink stays a symlink, so kustomize's own checks still see where it points.
        if (info.isSymbolicLink()) await symlink(await readlink(from), to);
        else if (info.isFile()) {
          bytes += info.size;
          if (bytes > MAX_COPY_BYTES)
            throw new ClopusError(
              'INPUT_INVALID',
              `The repository ${view.url} is over ${MAX_COPY_BYTES} bytes, too large to copy for rendering an edit.`,
            );
          await copyFile(from, to);
        }
      }),
    );
  }
}

/** The objects the source path renders to once `edits` (whole new file contents) are written. */
export async function renderWithEdits(
  view: RepoView,
  edits: readonly RepoEdit[],
  opts: RenderOptions = {},
): Promise<RenderedObject[]> {
  for (const e of edits) {
    const problem = repoPathProblem(view.sourcePath, e.path);
    if (problem) throw new ClopusError('INPUT_INVALID', `Cannot render the edit: ${problem}.`);
  }
  const copy = await mkdtemp(join(tmpdir(), 'clopus-render-'));
  try {
    await copyTracked(view, copy);
    const root = await realpath(copy);
    for (const e of edits) {
      const to = join(copy, e.path);
      // An edit replaces the file, never writes through a symlink to wherever it points.
      // Only files in existing folders are edited, and never behind a symlink out of the copy.
      const parent = await realpath(dirname(to)).catch(() => undefined);
      if (parent === undefined || (parent !== root && !parent.startsWith(root + sep)))
        throw new ClopusError(
          'INPUT_INVALID',
          `Cannot render the edit: the folder of ${e.path} is not in the repository (or is a symlink out of it).`,
        );
      await rm(to, { force: true });
      await writeFile(to, e.content, 'utf8');
    }
    return await renderKustomize(copy, normalSourcePath(view.sourcePath), opts);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
