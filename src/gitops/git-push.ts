// Delivering a change: a new branch from the clone's HEAD with the given files, committed with the given author
// and pushed without force. A branch that already exists on the remote is never overwritten: the same change
// is taken as already delivered, a different one is refused.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ClopusError } from '../errors.js';
import type { GitAuth } from './git-env.js';
import { assertNoSymlink, repoRelative } from './git-paths.js';
import { deadline, gitFailure, type RunOptions, runGit } from './git-run.js';
import { remoteUrl } from './git-url.js';

export const COMMITTER = { name: 'Clopus', email: 'clopus@users.noreply.localhost' };
const PUSH_RIGHTS = 'write access to the repository contents (GitHub: Contents read and write)';

export interface CommitAndPushOptions {
  dir: string;
  url: string;
  auth?: GitAuth;
  branch: string;
  files: Array<{ path: string; content: string }>;
  message: string;
  author: { name: string; email: string };
  timeoutMs?: number;
  signal?: AbortSignal;
}

function checkIdentity(author: { name: string; email: string }): void {
  const bad = (s: string) => s.trim() === '' || /[<>\r\n\0]/.test(s);
  if (bad(author.name) || bad(author.email) || !author.email.includes('@'))
    throw new ClopusError(
      'GIT_FAILED',
      `Refused to commit as ${JSON.stringify(`${author.name} <${author.email}>`)}: not a valid author.`,
    );
}

const branchExists = (branch: string, url: string): ClopusError =>
  new ClopusError(
    'GIT_FAILED',
    `The branch ${branch} already exists on ${url} with other changes; delete the branch or close its pull request, then try again.`,
  );

export async function commitAndPush(opts: CommitAndPushOptions): Promise<{ commitSha: string }> {
  const remote = remoteUrl(opts.url, opts.auth);
  checkIdentity(opts.author);
  if (opts.files.length === 0) throw new ClopusError('GIT_FAILED', 'Refused to commit: no files were given.');
  const time = deadline(opts.timeoutMs);
  const local = (op: string): RunOptions => ({
    cwd: opts.dir,
    op: `${op} in ${opts.dir}`,
    deadline: time,
    signal: opts.signal,
  });
  const net = (op: string): RunOptions => ({
    cwd: opts.dir,
    op,
    url: remote.url,
    origin: remote.origin,
    creds: remote.creds,
    rights: PUSH_RIGHTS,
    deadline: time,
    signal: opts.signal,
  });

  const ref = `refs/heads/${opts.branch}`;
  const valid = await runGit(['check-ref-format', ref], { ...local('check-ref-format'), okExitCodes: [1] });
  if (valid.exitCode !== 0 || opts.branch.startsWith('-'))
    throw new ClopusError('GIT_FAILED', `Refused to push: ${JSON.stringify(opts.branch)} is not a valid branch name.`);

  await runGit(['checkout', '-q', '-b', opts.branch], local('checkout -b'));
  const paths: string[] = [];
  for (const file of opts.files) {
    const rel = repoRelative(file.path, 'write');
    await assertNoSymlink(opts.dir, rel, 'write');
    await mkdir(dirname(join(opts.dir, rel)), { recursive: true });
    await writeFile(join(opts.dir, rel), file.content);
    paths.push(rel);
  }
  await runGit(['add', '--', ...paths], local('add'));
  const staged = await runGit(['diff', '--cached', '--quiet'], { ...local('diff'), okExitCodes: [1] });
  if (staged.exitCode === 0)
    throw new ClopusError('GIT_FAILED', `Nothing to commit on ${opts.branch}: the files already hold this content.`);
  const tree = (await runGit(['write-tree'], local('write-tree'))).stdout.trim();

  const listed = await runGit(['ls-remote', remote.url, ref], net('ls-remote'));
  const remoteSha = listed.stdout
    .split('\n')
    .map((l) => l.split('\t'))
    .find(([, name]) => name === ref)?.[0];
  if (remoteSha) {
    // Already there: the same tree means this change was pushed before (a retry), so it counts as done.
    await runGit(['fetch', '-q', '--no-tags', '--depth=1', remote.url, ref], net(`fetch (branch ${opts.branch})`));
    const theirs = (await runGit(['rev-parse', 'FETCH_HEAD^{tree}'], local('rev-parse'))).stdout.trim();
    if (theirs !== tree) throw branchExists(opts.branch, remote.url);
    await runGit(['reset', '-q', '--soft', 'FETCH_HEAD'], local('reset'));
    return { commitSha: remoteSha };
  }

  await runGit(['commit', '-q', '--no-verify', '--no-gpg-sign', '--cleanup=verbatim', '-F', '-'], {
    ...local('commit'),
    input: opts.message.endsWith('\n') ? opts.message : `${opts.message}\n`,
    env: {
      GIT_AUTHOR_NAME: opts.author.name,
      GIT_AUTHOR_EMAIL: opts.author.email,
      GIT_COMMITTER_NAME: COMMITTER.name,
      GIT_COMMITTER_EMAIL: COMMITTER.email,
    },
  });
  const commitSha = (await runGit(['rev-parse', 'HEAD'], local('rev-parse'))).stdout.trim();
  const push = { ...net(`push (branch ${opts.branch})`), okExitCodes: [1] };
  const pushed = await runGit(['push', '--porcelain', '--no-verify', remote.url, `HEAD:${ref}`], push);
  if (pushed.exitCode !== 0) {
    // A rejected ref is a branch someone made in the meantime; anything else (a hook, a protected ref) is a failure.
    if (/\[rejected\]|\(fetch first\)|non-fast-forward|already exists/.test(pushed.stdout + pushed.stderr))
      throw branchExists(opts.branch, remote.url);
    throw gitFailure(push, pushed);
  }
  return { commitSha };
}
