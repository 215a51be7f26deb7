// A read-only view of a local clone of a manifests repository, confined to the manager's source path: what the
// planners may list, read and grep. Paths are repository-relative POSIX paths; anything that leaves the source
// path (.., an absolute path, a symlink pointing out) is refused, and every answer is bounded.
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { execa } from 'execa';
import { ClopusError, describeError } from '../errors.js';
import { hashContent } from './git-hash.js';

export interface RepoView {
  /** A local clone, checked out at headSha. */
  dir: string;
  url: string;
  /** The branch or tag the manager follows. */
  ref: string;
  headSha: string;
  /** The manager's path inside the repository, e.g. apps/api ("" or "." for the whole repository). */
  sourcePath: string;
}

export const MAX_REPO_FILE_BYTES = 256 * 1024;
export const MAX_GREP_MATCHES = 200;
export const MAX_LISTED_FILES = 2000;
const MAX_MATCH_CHARS = 300;
const GIT_TIMEOUT_MS = 30_000;

/** The source path in normal form: no leading "./" or slashes; "" for the repository root. */
export function normalSourcePath(sourcePath: string): string {
  const normal = posix.normalize(sourcePath.replace(/^\/+/, '') || '.');
  return normal === '.' ? '' : normal.replace(/\/+$/, '');
}

/** Why `path` is not a repository-relative path under the source path; undefined when it is one. */
export function repoPathProblem(sourcePath: string, path: string): string | undefined {
  const root = normalSourcePath(sourcePath);
  if (path === '' || path.includes('\0') || path.includes('\\')) return `path "${path}" is not a repository path`;
  if (path.startsWith('/')) return `path "${path}" must be relative to the repository root, not absolute`;
  if (path.split('/').some((s) => s === '..' || s === '.' || s === ''))
    return `path "${path}" must not contain ".", ".." or empty segments`;
  if (path.split('/').includes('.git')) return `path "${path}" is inside .git`;
  if (root !== '' && path !== root && !path.startsWith(`${root}/`))
    return `path "${path}" is outside the source path "${root}" of this workload's manager`;
  return undefined;
}

function refuse(problem: string): never {
  throw new ClopusError('INPUT_INVALID', `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
}

/** The path on disk for a repository path, after checking that it and every symlink on its way stay inside. */
async function onDisk(view: RepoView, path: string): Promise<string> {
  const problem = repoPathProblem(view.sourcePath, path);
  if (problem) refuse(problem);
  const root = await realpath(join(view.dir, normalSourcePath(view.sourcePath)));
  let real: string;
  try {
    real = await realpath(join(view.dir, path));
  } catch {
    refuse(`${path} does not exist in the repository at ${view.headSha.slice(0, 12)}`);
  }
  if (real !== root && !real.startsWith(root + sep))
    refuse(`${path} is a symlink pointing outside the source path "${normalSourcePath(view.sourcePath)}"`);
  return real;
}

/** Runs a read-only git command in the clone; exit codes 0 and 1 ("nothing found") are answers, others fail. */
export async function repoGit(
  view: RepoView,
  args: string[],
): Promise<{ stdout: string; exitCode: number | undefined }> {
  try {
    const r = await execa('git', ['-C', view.dir, ...args], {
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      reject: false,
      stripFinalNewline: false,
      env: { GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    if (r.exitCode !== 0 && r.exitCode !== 1)
      throw new Error(r.timedOut ? 'timed out' : r.stderr.trim().slice(0, 300) || `exit code ${r.exitCode}`);
    return { stdout: r.stdout, exitCode: r.exitCode };
  } catch (err) {
    throw new ClopusError(
      'GIT_FAILED',
      `git ${args[0]} in the clone of ${view.url} failed: ${describeError(err)}. Check that the clone is intact.`,
      { cause: err },
    );
  }
}

/** The pathspec that limits git to the source path; `:(top)` keeps it relative to the repository root. */
const pathspec = (view: RepoView): string => `:(top,literal)${normalSourcePath(view.sourcePath) || '.'}`;

/** The tracked files under the source path, sorted, at most MAX_LISTED_FILES. */
export async function listRepoFiles(view: RepoView): Promise<{ files: string[]; truncated: boolean }> {
  const { stdout } = await repoGit(view, ['ls-files', '-z', '--', pathspec(view)]);
  const files = stdout.split('\0').filter(Boolean).sort();
  return { files: files.slice(0, MAX_LISTED_FILES), truncated: files.length > MAX_LISTED_FILES };
}

/** Blob hash per tracked file under the source path, from the index (HEAD's tree in a fresh clone). */
export async function repoBlobs(view: RepoView): Promise<Record<string, string>> {
  const { stdout } = await repoGit(view, ['ls-files', '-s', '-z', '--', pathspec(view)]);
  const blobs: Record<string, string> = {};
  for (const entry of stdout.split('\0')) {
    const m = /^(\d{6}) ([0-9a-f]{40}) \d\t(.+)$/s.exec(entry);
    // Symlinks (120000) and submodules (160000) are not files to edit.
    if (m && m[1]!.startsWith('100')) blobs[m[3]!] = m[2]!;
  }
  return blobs;
}

export interface RepoFile {
  path: string;
  content: string;
  /** Git's blob hash of the content, as `git hash-object` gives it: what an edit names as its baseBlobSha. */
  blobSha: string;
  bytes: number;
}

/** One file under the source path, whole; refused when it is not a regular file, not UTF-8, or over 256 KiB. */
export async function readRepoFile(view: RepoView, path: string): Promise<RepoFile> {
  const real = await onDisk(view, path);
  const info = await stat(real);
  if (!info.isFile()) refuse(`${path} is not a file`);
  if (info.size > MAX_REPO_FILE_BYTES)
    refuse(`${path} is ${info.size} bytes, over the ${MAX_REPO_FILE_BYTES}-byte cap`);
  const bytes = await readFile(real);
  const content = bytes.toString('utf8');
  if (!Buffer.from(content, 'utf8').equals(bytes)) refuse(`${path} is not UTF-8 text`);
  return { path, content, blobSha: hashContent(content), bytes: bytes.length };
}

export interface RepoGrepMatch {
  path: string;
  line: number;
  text: string;
}

/** Lines of tracked text files under the source path containing `pattern` (a fixed string), at most 200. */
export async function grepRepo(
  view: RepoView,
  pattern: string,
  opts: { ignoreCase?: boolean } = {},
): Promise<{ matches: RepoGrepMatch[]; truncated: boolean }> {
  if (pattern === '' || pattern.includes('\n') || pattern.includes('\0'))
    refuse('the grep pattern must be one non-empty line');
  const args = [
    'grep',
    '-n',
    '-I',
    '-F',
    '-z',
    '--no-color',
    `--max-count=${MAX_GREP_MATCHES + 1}`,
    ...(opts.ignoreCase ? ['-i'] : []),
  ];
  const { stdout } = await repoGit(view, [...args, '-e', pattern, '--', pathspec(view)]);
  const matches: RepoGrepMatch[] = [];
  // With -z each match is one line "path\0line\0text".
  for (const record of stdout.split('\n')) {
    const [path, line, ...text] = record.split('\0');
    if (!path || !/^\d+$/.test(line ?? '')) continue;
    matches.push({ path, line: Number(line), text: text.join('\0').slice(0, MAX_MATCH_CHARS) });
    if (matches.length > MAX_GREP_MATCHES) break;
  }
  return { matches: matches.slice(0, MAX_GREP_MATCHES), truncated: matches.length > MAX_GREP_MATCHES };
}
