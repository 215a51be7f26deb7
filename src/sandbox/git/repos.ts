// The fake forge's repositories: bare repos under one root, changed only by real git in temporary work trees
// (as a forge's web UI would), so what the client fetches is exactly what git would serve.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { execa } from 'execa';

export interface CommitInfo {
  sha: string;
  parents: string[];
  author: { name: string; email: string };
  committer: { name: string; email: string };
  message: string;
}

/** `shop/manifests` or `shop/manifests.git` → `shop/manifests.git`, refusing anything that could leave the root. */
export function repoPath(repo: string): string {
  const trimmed = repo.replace(/^\/+|\/+$/g, '');
  const withSuffix = trimmed.endsWith('.git') ? trimmed : `${trimmed}.git`;
  const parts = withSuffix.split('/');
  if (!parts.every((p) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(p) && p !== '..'))
    throw new Error(`fake git: bad repository name ${JSON.stringify(repo)}`);
  return withSuffix;
}

export class RepoStore {
  constructor(
    readonly root: string,
    private readonly env: Record<string, string>,
  ) {}

  bareDir(repo: string): string {
    return join(this.root, repoPath(repo));
  }

  async create(repo: string, files: Record<string, string>, branch: string, message: string): Promise<string> {
    const bare = this.bareDir(repo);
    if (existsSync(bare)) throw new Error(`fake git: repository ${repo} already exists`);
    await mkdir(dirname(bare), { recursive: true });
    await this.git(['init', '-q', '--bare', `--initial-branch=${branch}`, bare]);
    return this.inWorkTree(async (work) => {
      await this.git(['init', '-q', `--initial-branch=${branch}`, work]);
      return this.commitAndPush(work, bare, branch, files, message);
    });
  }

  /** A further commit on `branch`; a branch that does not exist yet starts from the default branch. */
  async commit(repo: string, branch: string, files: Record<string, string>, message: string): Promise<string> {
    const bare = this.existing(repo);
    return this.inWorkTree(async (work) => {
      await this.git(['clone', '-q', bare, work]);
      const exists = (await this.head(repo, branch)) !== null;
      await this.git(['checkout', '-q', ...(exists ? [branch] : ['-b', branch])], work);
      return this.commitAndPush(work, bare, branch, files, message);
    });
  }

  /** A `--no-ff` merge commit of `head` into `base`; throws naming the files on a conflict. */
  async merge(repo: string, head: string, base: string, message: string): Promise<string> {
    const bare = this.existing(repo);
    for (const b of [head, base])
      if ((await this.head(repo, b)) === null) throw new Error(`fake git: ${repo} has no branch ${b}`);
    return this.inWorkTree(async (work) => {
      await this.git(['clone', '-q', '--branch', base, bare, work]);
      const before = await this.rev(work, 'HEAD');
      const merged = await this.git(['merge', '--no-ff', '--no-edit', '-m', message, `origin/${head}`], work, true);
      if (merged.exitCode !== 0) {
        const conflicted = await this.git(['diff', '--name-only', '--diff-filter=U'], work, true);
        const files = conflicted.stdout.split('\n').filter(Boolean).join(', ');
        throw new Error(
          `fake git: merging ${head} into ${base} of ${repo} conflicts${files ? ` in ${files}` : ''}: ${merged.stdout} ${merged.stderr}`.trim(),
        );
      }
      const after = await this.rev(work, 'HEAD');
      if (after === before) throw new Error(`fake git: ${head} is already merged into ${base} of ${repo}`);
      await this.git(['push', '-q', 'origin', `HEAD:refs/heads/${base}`], work);
      return after;
    });
  }

  async head(repo: string, branch: string): Promise<string | null> {
    const r = await this.git(
      ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`],
      this.existing(repo),
      true,
    );
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async readFile(repo: string, ref: string, path: string): Promise<string | null> {
    const r = await this.git(['cat-file', 'blob', `${ref}:${normalize(path)}`], this.existing(repo), true);
    return r.exitCode === 0 ? r.stdout : null;
  }

  async commitInfo(repo: string, ref: string): Promise<CommitInfo | null> {
    const format = '%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B';
    const r = await this.git(['log', '-1', `--format=${format}`, `${ref}^{commit}`, '--'], this.existing(repo), true);
    if (r.exitCode !== 0) return null;
    const [sha = '', parents = '', an = '', ae = '', cn = '', ce = '', ...body] = r.stdout.split('\0');
    return {
      sha,
      parents: parents.split(' ').filter(Boolean),
      author: { name: an, email: ae },
      committer: { name: cn, email: ce },
      message: body.join('\0').trimEnd(),
    };
  }

  private existing(repo: string): string {
    const bare = this.bareDir(repo);
    if (!existsSync(bare)) throw new Error(`fake git: no repository ${repo}`);
    return bare;
  }

  private async commitAndPush(
    work: string,
    bare: string,
    branch: string,
    files: Record<string, string>,
    message: string,
  ): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      const rel = normalize(path);
      if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`fake git: bad file path ${path}`);
      await mkdir(dirname(join(work, rel)), { recursive: true });
      await writeFile(join(work, rel), content);
    }
    await this.git(['add', '-A'], work);
    await this.git(['commit', '-q', '--allow-empty', '-m', message], work);
    await this.git(['push', '-q', bare, `HEAD:refs/heads/${branch}`], work);
    return this.rev(work, 'HEAD');
  }

  private async rev(cwd: string, ref: string): Promise<string> {
    return (await this.git(['rev-parse', ref], cwd)).stdout.trim();
  }

  private async inWorkTree<T>(fn: (work: string) => Promise<T>): Promise<T> {
    const parent = await mkdtemp(join(tmpdir(), 'clopus-fake-git-work-'));
    try {
      return await fn(join(parent, 'w'));
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }

  private async git(args: string[], cwd?: string, allowFailure = false) {
    const r = await execa('git', args, {
      cwd: cwd ?? this.root,
      env: this.env,
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      stripFinalNewline: false,
    });
    if (r.exitCode !== 0 && !allowFailure)
      throw new Error(`fake git: git ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`.trim());
    return r;
  }
}
