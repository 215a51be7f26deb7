// A smart-HTTP git server for tests and the demo: the real git http-backend behind token auth, over bare
// repositories that the test (or demo) fills and merges as a forge would.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizedUser, REALM } from './auth.js';
import { runBackend } from './cgi.js';
import { backendConfig, FAKE_IDENTITY, fakeGitEnv } from './env.js';
import { type CommitInfo, RepoStore, repoPath } from './repos.js';

export type { CommitInfo } from './repos.js';
export { FAKE_IDENTITY };

export interface GitRequest {
  method: string;
  /** The request target, query included (`/shop/manifests.git/info/refs?service=git-upload-pack`). */
  path: string;
  authorized: boolean;
}

export interface GitServerOptions {
  /** Where the bare repositories live; a temporary directory (removed by stop()) when omitted. */
  root?: string;
  /** The only credential accepted: as the password of Basic auth (any user name) or as a Bearer token. */
  token: string;
}

export interface GitServer {
  readonly root: string;
  readonly origin: string;
  url(repo: string): string;
  /** A bare repository with one commit holding `files` on `branch` (default `main`, also its HEAD). */
  createRepo(
    repo: string,
    files: Record<string, string>,
    opts?: { branch?: string; message?: string },
  ): Promise<string>;
  /** A further commit on `branch` (started from the default branch if it does not exist). */
  commitFiles(repo: string, branch: string, files: Record<string, string>, message: string): Promise<string>;
  head(repo: string, branch: string): Promise<string | null>;
  readFile(repo: string, ref: string, path: string): Promise<string | null>;
  /** Author, committer, parents and message of a commit, or null. */
  commit(repo: string, ref: string): Promise<CommitInfo | null>;
  /** A `--no-ff` merge commit of branch `head` into `base`, as a forge's merge button makes; throws on conflict. */
  merge(repo: string, head: string, base: string, message: string): Promise<string>;
  branchExists(repo: string, branch: string): Promise<boolean>;
  readonly requests: GitRequest[];
  stop(): Promise<void>;
}

export async function startGitServer(opts: GitServerOptions): Promise<GitServer> {
  if (!opts.token) throw new Error('fake git: a token is required');
  const ownRoot = opts.root === undefined;
  const root = opts.root ?? (await mkdtemp(join(tmpdir(), 'clopus-fake-git-')));
  const home = await mkdtemp(join(tmpdir(), 'clopus-fake-git-home-'));
  const env = fakeGitEnv(home);
  const store = new RepoStore(root, env);
  const requests: GitRequest[] = [];
  const children = new Set<ChildProcess>();
  const backendEnv = { ...env, ...backendConfig() };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const user = authorizedUser(req.headers.authorization, opts.token);
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorized: user !== null });
    if (user === null) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': `Basic realm="${REALM}"`, 'Content-Type': 'text/plain' });
      res.end('Authentication required\n');
      return;
    }
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      runBackend(req, res, url, { projectRoot: root, env: backendEnv, remoteUser: user, children });
    } catch (err) {
      // A malformed path (bad %-escape) must not take the server down.
      req.resume();
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(`${err instanceof Error ? err.message : String(err)}\n`);
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    root,
    origin,
    requests,
    url: (repo) => `${origin}/${repoPath(repo)}`,
    createRepo: (repo, files, o = {}) => store.create(repo, files, o.branch ?? 'main', o.message ?? 'Initial commit'),
    commitFiles: (repo, branch, files, message) => store.commit(repo, branch, files, message),
    head: (repo, branch) => store.head(repo, branch),
    readFile: (repo, ref, path) => store.readFile(repo, ref, path),
    commit: (repo, ref) => store.commitInfo(repo, ref),
    merge: (repo, head, base, message) => store.merge(repo, head, base, message),
    branchExists: async (repo, branch) => (await store.head(repo, branch)) !== null,
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(home, { recursive: true, force: true });
      if (ownRoot) await rm(root, { recursive: true, force: true });
    },
  };
}
