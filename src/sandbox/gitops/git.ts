// The real git, as the controllers' repo servers use it: `ls-remote` for a ref's head, a shallow fetch of one commit.
import { mkdir } from 'node:fs/promises';
import { run, SyncFailure } from './run.js';

/** What a manager asks for: the remote HEAD, a branch, a tag, a name that is either, or one commit. */
export type GitRef = { kind: 'head' } | { kind: 'branch' | 'tag' | 'name' | 'commit'; name: string };

export interface GitContext {
  /** HOME for git: no user config, credential helpers or prompts leak in. */
  home: string;
  env: Record<string, string>;
  signal: AbortSignal;
}

const SHA = /^[0-9a-f]{40}$/;

/** Argo CD's targetRevision: HEAD (the default), a commit SHA, or a branch or tag name. */
export function argoRef(targetRevision: unknown): GitRef {
  const rev = typeof targetRevision === 'string' ? targetRevision.trim() : '';
  if (rev === '' || rev === 'HEAD') return { kind: 'head' };
  if (SHA.test(rev)) return { kind: 'commit', name: rev };
  return { kind: 'name', name: rev.replace(/^refs\/(heads|tags)\//, '') };
}

function gitEnv(ctx: GitContext): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: ctx.home,
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    // Repository URLs come from cluster objects: never let one name a transport that runs a command (ext::).
    GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
    ...ctx.env,
  };
}

function git(ctx: GitContext, args: string[], cwd?: string): Promise<string> {
  return run('git', args, {
    env: gitEnv(ctx),
    ...(cwd ? { cwd } : {}),
    signal: ctx.signal,
    stage: 'source',
    secrets: Object.values(ctx.env),
  });
}

function patterns(ref: GitRef): string[] {
  if (ref.kind === 'head') return ['HEAD'];
  if (ref.kind === 'branch') return [`refs/heads/${ref.name}`];
  if (ref.kind === 'tag') return [`refs/tags/${ref.name}`, `refs/tags/${ref.name}^{}`];
  return [`refs/heads/${ref.name}`, `refs/tags/${ref.name}`, `refs/tags/${ref.name}^{}`];
}

/** The commit a ref points at now, and the ref to fetch it by. */
export async function resolveRef(ctx: GitContext, url: string, ref: GitRef): Promise<{ sha: string; fetch: string }> {
  if (ref.kind === 'commit') return { sha: ref.name, fetch: ref.name };
  const out = await git(ctx, ['ls-remote', '--', url, ...patterns(ref)]);
  const lines = out
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p): p is [string, string] => p.length === 2);
  // A branch wins over a tag of the same name; an annotated tag resolves to the commit it peels to.
  const pick =
    lines.find(([, r]) => r === 'HEAD' || r.startsWith('refs/heads/')) ??
    lines.find(([, r]) => r.endsWith('^{}')) ??
    lines.find(([, r]) => r.startsWith('refs/tags/'));
  if (!pick) {
    const what = ref.kind === 'head' ? 'HEAD' : ref.name;
    throw new SyncFailure('source', `unable to resolve '${what}' to a commit SHA in ${url}`);
  }
  return { sha: pick[0], fetch: pick[1].replace(/\^\{\}$/, '') };
}

/** Fetches one commit's tree into `dir` (depth 1) and returns the commit it checked out. */
export async function fetchTree(ctx: GitContext, url: string, what: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await git(ctx, ['init', '-q', dir]);
  await git(ctx, ['fetch', '-q', '--depth', '1', '--', url, what], dir);
  await git(ctx, ['-c', 'advice.detachedHead=false', 'checkout', '-q', 'FETCH_HEAD'], dir);
  return (await git(ctx, ['rev-parse', 'HEAD'], dir)).trim();
}
