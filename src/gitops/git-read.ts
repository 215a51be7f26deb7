// Reading a clone: tracked files, file contents, blob ids and fixed-string search, all bounded and all confined
// to the work tree.
import { readFile as readFileFs, stat } from 'node:fs/promises';
import { ClopusError } from '../errors.js';
import { repoRelative, repoSubtree, resolveExisting } from './git-paths.js';
import { runGit } from './git-run.js';

/** Largest file readFile returns (manifests are small; a huge file is a mistake or an attack). */
export const MAX_READ_BYTES = 4 * 1024 * 1024;
/** Longest line of text a grep match carries. */
export const MAX_MATCH_CHARS = 400;

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

/** The blob sha of `path` at HEAD, or null when HEAD has no file there. */
export async function blobSha(dir: string, path: string): Promise<string | null> {
  const rel = repoRelative(path, 'look up');
  const { stdout } = await runGit(['ls-tree', '-z', '--full-tree', 'HEAD', '--', rel], {
    cwd: dir,
    op: `ls-tree in ${dir}`,
  });
  const entry = stdout.split('\0').find((e) => e.endsWith(`\t${rel}`));
  const m = entry ? /^\d+ blob ([0-9a-f]{40,64})\t/.exec(entry) : null;
  return m?.[1] ?? null;
}

/**
 * The tree sha of the folder `under` at HEAD ('' or '.' for the root), or null when HEAD has no such folder: equal
 * trees mean every file below is byte for byte the same.
 */
export async function treeSha(dir: string, under: string): Promise<string | null> {
  const sub = repoSubtree(under, 'look up');
  const { stdout, exitCode } = await runGit(['rev-parse', '--verify', '--quiet', `HEAD:${sub ?? ''}`], {
    cwd: dir,
    op: `rev-parse in ${dir}`,
    okExitCodes: [1, 128],
  });
  const sha = stdout.trim();
  return exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
}

/** Tracked files under `under` ('' for all), as paths from the repository root. */
export async function listFiles(dir: string, under: string): Promise<string[]> {
  const sub = repoSubtree(under, 'list files under');
  const { stdout } = await runGit(['ls-files', '-z', '--', ...(sub ? [sub] : [])], {
    cwd: dir,
    op: `ls-files in ${dir}`,
  });
  return stdout.split('\0').filter(Boolean);
}

/** A file's text in the work tree, or null when there is no such file. */
export async function readFile(dir: string, path: string, opts: { maxBytes?: number } = {}): Promise<string | null> {
  const rel = repoRelative(path, 'read');
  const real = await resolveExisting(dir, rel, 'read');
  if (real === null) return null;
  const info = await stat(real);
  if (!info.isFile()) return null;
  const max = opts.maxBytes ?? MAX_READ_BYTES;
  if (info.size > max)
    throw new ClopusError(
      'GIT_FAILED',
      `Refused to read ${rel}: it is ${info.size} bytes, more than the ${max} allowed.`,
    );
  return readFileFs(real, 'utf8');
}

/** Parses `git grep -n --null` output (`path\0line\0text\n`); a path may hold newlines, text cannot. */
function parseGrep(out: string, max: number): GrepMatch[] {
  const matches: GrepMatch[] = [];
  let at = 0;
  while (matches.length < max) {
    const a = out.indexOf('\0', at);
    const b = a === -1 ? -1 : out.indexOf('\0', a + 1);
    const end = b === -1 ? -1 : out.indexOf('\n', b + 1);
    if (end === -1) break; // the end, or a record cut by maxBuffer
    const text = out.slice(b + 1, end);
    matches.push({
      path: out.slice(at, a),
      line: Number(out.slice(a + 1, b)),
      text: text.length > MAX_MATCH_CHARS ? `${text.slice(0, MAX_MATCH_CHARS)}…` : text,
    });
    at = end + 1;
  }
  return matches;
}

/** Lines of tracked text files under `under` that contain `pattern` (a fixed string unless `regex`), at most maxMatches. */
export async function grep(
  dir: string,
  pattern: string,
  under: string,
  opts: { maxMatches?: number; regex?: boolean; ignoreCase?: boolean } = {},
): Promise<GrepMatch[]> {
  if (pattern === '' || /[\r\n\0]/.test(pattern))
    throw new ClopusError('GIT_FAILED', 'Refused to search: the pattern must be one non-empty line.');
  const sub = repoSubtree(under, 'search under');
  const max = opts.maxMatches ?? 100;
  const args = ['grep', '-n', '-I', '--null', '--no-color', opts.regex ? '--extended-regexp' : '--fixed-strings'];
  if (opts.ignoreCase) args.push('--ignore-case');
  args.push('-e', pattern, '--', ...(sub ? [sub] : []));
  const { stdout } = await runGit(args, {
    cwd: dir,
    op: `grep in ${dir}`,
    okExitCodes: [1],
    acceptTruncated: true,
    // Enough for `max` long lines; past it git is stopped rather than read to the end.
    maxBuffer: Math.min(16 * 1024 * 1024, 64 * 1024 + max * 2 * (MAX_MATCH_CHARS + 256)),
  });
  return parseGrep(stdout, max);
}
