// The Job's side of a repository snapshot: its files laid out in a temporary git work tree, so the repository tools
// (git ls-files, git grep, reads confined by realpath) run on it exactly as on the bot's clone.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ClopusError, describeError } from '../errors.js';
import { type RepoView, repoBlobs, repoPathProblem } from '../gitops/index.js';
import type { RepoSnapshot } from './schema.js';

const GIT_TIMEOUT_MS = 30_000;

export interface MaterialisedRepo {
  /** The snapshot's url, ref and real headSha, for the prompt; `dir` is the temporary work tree. */
  view: RepoView;
  /** Path → the bot's blob hash, which edit_repo_file actions are checked against (ProposalScope.repo.blobs). */
  blobs: Record<string, string>;
  cleanup(): Promise<void>;
}

async function git(dir: string, args: string[], input?: string): Promise<string> {
  try {
    const r = await execa('git', ['-C', dir, ...args], {
      timeout: GIT_TIMEOUT_MS,
      ...(input === undefined ? {} : { input }),
      // No system or user config: nothing may rewrite the content (autocrlf, filters) on its way into the index.
      env: { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' },
    });
    return r.stdout;
  } catch (err) {
    throw new ClopusError('GIT_FAILED', `git ${args[0]} in the repository snapshot failed: ${describeError(err)}.`, {
      cause: err,
    });
  }
}

/**
 * Writes the snapshot's files and adds them to a fresh index, hashed without filters so each blob is the content's
 * own hash. No commit is made: the tools read the index and the work tree, and HEAD would not be the real one.
 * Refuses a path outside the source path, and a blob that does not come out as the bot's (unless redacted).
 */
export async function materialiseSnapshot(snapshot: RepoSnapshot, opts: { scratchDir?: string } = {}) {
  const scratch = await mkdtemp(join(opts.scratchDir ?? tmpdir(), 'clopus-snapshot-'));
  const cleanup = () => rm(scratch, { recursive: true, force: true });
  try {
    const dir = join(scratch, 'repo');
    await mkdir(dir);
    await git(dir, ['init', '-q']);
    for (const file of snapshot.files) {
      const problem =
        repoPathProblem(snapshot.sourcePath, file.path) ?? (file.path.includes('\n') ? 'it holds a newline' : '');
      if (problem)
        throw new ClopusError('INPUT_INVALID', `The repository snapshot holds a bad path ${file.path}: ${problem}.`);
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content, 'utf8');
    }
    const paths = snapshot.files.map((f) => f.path);
    if (paths.length > 0) {
      const shas = (await git(dir, ['hash-object', '-w', '--no-filters', '--stdin-paths'], `${paths.join('\n')}\n`))
        .trim()
        .split('\n');
      const entries = paths.map((p, i) => `100644 ${shas[i]}\t${p}\0`).join('');
      await git(dir, ['update-index', '-z', '--add', '--index-info'], entries);
    }
    const view: RepoView = {
      dir,
      url: snapshot.url,
      ref: snapshot.ref,
      headSha: snapshot.headSha,
      sourcePath: snapshot.sourcePath,
    };
    const indexed = await repoBlobs(view);
    const wrong = snapshot.files.filter((f) => !f.redacted && indexed[f.path] !== f.blobSha).map((f) => f.path);
    if (wrong.length > 0)
      throw new ClopusError(
        'GIT_FAILED',
        `The repository snapshot came out different from the bot's clone in ${wrong.slice(0, 5).join(', ')}.`,
      );
    const blobs = Object.fromEntries(snapshot.files.map((f) => [f.path, f.blobSha]));
    return { view, blobs, cleanup } satisfies MaterialisedRepo;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
