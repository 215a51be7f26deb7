// A shallow clone of one ref: a branch or tag through `git clone --single-branch`, a commit sha by fetching
// exactly that commit into a fresh repository (forges serve reachable shas).
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClopusError } from '../errors.js';
import type { GitAuth } from './git-env.js';
import { deadline, type RunOptions, runGit } from './git-run.js';
import { remoteUrl } from './git-url.js';

export interface CloneOptions {
  url: string;
  /** A branch, a tag, or a full commit sha. */
  ref: string;
  /** Where to clone; must not exist or be empty. */
  dir: string;
  auth?: GitAuth;
  depth?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const READ_RIGHTS = 'read access to the repository contents (GitHub: Contents read-only)';
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

type Net = Omit<RunOptions, 'op' | 'cwd'> & { url: string };

/** null when the directory does not exist, else whether it is empty. */
async function isEmpty(dir: string): Promise<boolean | null> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Undoes a failed clone: removes the directory if the clone made it, else only what it put there. */
async function cleanUp(dir: string, existed: boolean): Promise<void> {
  if (!existed) return rm(dir, { recursive: true, force: true });
  const entries = await readdir(dir).catch(() => []);
  await Promise.all(entries.map((e) => rm(join(dir, e), { recursive: true, force: true })));
}

export async function cloneShallow(opts: CloneOptions): Promise<{ dir: string; headSha: string }> {
  const remote = remoteUrl(opts.url, opts.auth);
  const depth = opts.depth ?? 1;
  if (!Number.isInteger(depth) || depth < 1)
    throw new ClopusError('GIT_FAILED', `The clone depth must be a whole number ≥ 1, not ${depth}.`);
  if (opts.ref === '' || opts.ref.startsWith('-') || /[\s\0]/.test(opts.ref))
    throw new ClopusError(
      'GIT_FAILED',
      `Refused to clone ${remote.url} at ${JSON.stringify(opts.ref)}: not a branch, tag or commit.`,
    );
  const empty = await isEmpty(opts.dir);
  if (empty === false)
    throw new ClopusError('GIT_FAILED', `Refused to clone ${remote.url} into ${opts.dir}: the directory is not empty.`);
  const time = deadline(opts.timeoutMs);
  const net: Net = {
    url: remote.url,
    origin: remote.origin,
    creds: remote.creds,
    rights: READ_RIGHTS,
    deadline: time,
    signal: opts.signal,
  };
  try {
    if (SHA.test(opts.ref)) await fetchCommit(opts.dir, opts.ref, depth, net);
    else
      await runGit(
        [
          'clone',
          '-q',
          '--template=',
          `--depth=${depth}`,
          '--branch',
          opts.ref,
          '--single-branch',
          '--',
          remote.url,
          opts.dir,
        ],
        { ...net, op: `clone (ref ${opts.ref})` },
      );
  } catch (err) {
    await cleanUp(opts.dir, empty === true);
    throw err;
  }
  const { stdout } = await runGit(['rev-parse', 'HEAD'], {
    cwd: opts.dir,
    op: `rev-parse in ${opts.dir}`,
    deadline: time,
  });
  return { dir: opts.dir, headSha: stdout.trim() };
}

async function fetchCommit(dir: string, sha: string, depth: number, net: Net): Promise<void> {
  await mkdir(dir, { recursive: true });
  const local = { cwd: dir, deadline: net.deadline };
  await runGit(['init', '-q', '--template=', '.'], { ...local, op: `init in ${dir}` });
  await runGit(['remote', 'add', 'origin', net.url], { ...local, op: `remote add in ${dir}` });
  await runGit(['fetch', '-q', '--no-tags', `--depth=${depth}`, 'origin', sha], {
    ...net,
    cwd: dir,
    op: `fetch (commit ${sha})`,
  });
  await runGit(['checkout', '-q', '--detach', 'FETCH_HEAD'], { ...local, op: `checkout in ${dir}` });
}
