// Paths inside a clone, from callers that may be passing on what a model or a repo file said: relative, no `..`,
// nothing under .git, and never through a symlink that leads out of the work tree.
import { lstat, realpath } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { ClopusError } from '../errors.js';

/** A path relative to the repo root in git's form (`apps/web/deploy.yaml`), or a GIT_FAILED refusal. */
export function repoRelative(path: string, what: string): string {
  const refuse = (why: string): never => {
    throw new ClopusError('GIT_FAILED', `Refused to ${what} ${JSON.stringify(path)}: ${why}.`);
  };
  if (path.includes('\0') || /[\r\n]/.test(path)) refuse('the path holds control characters');
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed))
    refuse('the path is absolute; give one relative to the repository root');
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) refuse('the path leaves the repository');
  if (parts.some((p) => p.toLowerCase() === '.git')) refuse('the path is inside .git');
  return posix.join(...(parts.length ? parts : ['.']));
}

/** `under` for a listing: '' and '.' mean the whole repository. */
export function repoSubtree(under: string, what: string): string | null {
  const rel = repoRelative(under === '' ? '.' : under, what);
  return rel === '.' ? null : rel;
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root + sep);

/**
 * The real path of an existing file in the clone, or null when there is none; refuses a path that resolves
 * outside the work tree through a symlink.
 */
export async function resolveExisting(dir: string, rel: string, what: string): Promise<string | null> {
  const root = await realpath(dir);
  let real: string;
  try {
    real = await realpath(join(root, rel));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return null;
    throw err;
  }
  if (!inside(root, real))
    throw new ClopusError(
      'GIT_FAILED',
      `Refused to ${what} ${JSON.stringify(rel)}: it is a symlink leading out of the repository.`,
    );
  return real;
}

/** Refuses a path to be written if any part of it that exists is a symlink (git would not follow it either). */
export async function assertNoSymlink(dir: string, rel: string, what: string): Promise<void> {
  let at = dir;
  for (const part of rel.split('/')) {
    at = join(at, part);
    try {
      if ((await lstat(at)).isSymbolicLink())
        throw new ClopusError('GIT_FAILED', `Refused to ${what} ${JSON.stringify(rel)}: ${part} is a symlink.`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
  }
}
