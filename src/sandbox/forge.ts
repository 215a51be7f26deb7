// A local forge for tests and the demo: the smart-HTTP git server and the GitHub REST fake over the same bare
// repositories, so a pull request the bot opens can be merged (a real merge commit) and then synced by the sandbox's
// GitOps controller. One token opens both, as a GitHub token does.

import { type GitServer, startGitServer } from './git/index.js';
import { type GitHubFake, startGitHubFake } from './github/index.js';

export interface LocalForge {
  git: GitServer;
  github: GitHubFake;
  /** The clone URL of `owner/repo` (http://127.0.0.1:P/owner/repo.git). */
  url(repo: string): string;
  stop(): Promise<void>;
}

export async function startLocalForge(opts: {
  token: string;
  /** Repositories by `owner/repo`, each with the files of its first commit on `main`. */
  repos: Record<string, Record<string, string>>;
  validate?: boolean;
  login?: string;
}): Promise<LocalForge> {
  const git = await startGitServer({ token: opts.token });
  try {
    const path = (repo: string) => `${repo}.git`;
    for (const [repo, files] of Object.entries(opts.repos)) await git.createRepo(path(repo), files);
    const backends = Object.fromEntries(
      Object.keys(opts.repos).map((repo) => [
        repo,
        {
          defaultBranch: 'main',
          branchExists: (branch: string) => git.branchExists(path(repo), branch),
          headSha: (branch: string) => git.head(path(repo), branch),
          merge: (head: string, base: string, message: string) => git.merge(path(repo), head, base, message),
        },
      ]),
    );
    const github = await startGitHubFake({
      token: opts.token,
      repos: backends,
      ...(opts.validate === undefined ? {} : { validate: opts.validate }),
      ...(opts.login ? { login: opts.login } : {}),
    });
    return {
      git,
      github,
      url: (repo) => git.url(path(repo)),
      async stop() {
        await github.stop();
        await git.stop();
      },
    };
  } catch (err) {
    await git.stop();
    throw err;
  }
}
