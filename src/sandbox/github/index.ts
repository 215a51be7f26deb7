// A GitHub REST API fake for pull requests, checked against GitHub's own OpenAPI description: every request it
// accepts and every answer it gives must validate, so a client that works against it speaks GitHub's dialect.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handle, resetIn, type ServerContext } from './http.js';
import { ROUTES } from './routes.js';
import { sharedValidators } from './spec.js';
import { ApiError, GitHubState, now, type RepoState } from './state.js';
import type { FakePull, GitHubFake, GitHubFakeOptions } from './types.js';

export type {
  FakeComment,
  FakeIssueEvent,
  FakePull,
  FakeRepoBackend,
  GitHubFake,
  GitHubFakeOptions,
  RateLimit,
  RecordedRequest,
  Violation,
} from './types.js';

/** Starts the fake on 127.0.0.1 (a free port); it serves both `/…` (api.github.com) and `/api/v3/…` (GHE). */
export async function startGitHubFake(opts: GitHubFakeOptions): Promise<GitHubFake> {
  const validators =
    opts.validate === false ? undefined : await sharedValidators(ROUTES.map(({ method, path }) => ({ method, path })));
  const state = new GitHubState(opts.repos);
  let url = '';
  const ctx: ServerContext = {
    state,
    token: opts.token,
    login: opts.login ?? 'clopus-bot',
    url: () => url,
    webUrl: () => opts.webUrl?.replace(/\/+$/, '') ?? url,
    validators,
    rateLimit: { limit: 5000, remaining: 5000, reset: resetIn(3600) },
    requests: [],
    violations: [],
    startedAt: now(),
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((err: unknown) => {
      // handle() answers every failure itself; this is only a socket that broke mid-answer.
      ctx.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status: 500, error: String(err) });
      res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const repoOf = (repo: string): RepoState => {
    const r = state.repo(repo);
    if (!r) throw new Error(`the GitHub fake has no repository ${repo}`);
    return r;
  };
  const pullOf = (repo: string, number: number): { r: RepoState; p: FakePull } => {
    const r = repoOf(repo);
    const p = r.pulls.get(number);
    if (!p) throw new Error(`the GitHub fake has no pull request ${repo}#${number}`);
    return { r, p };
  };
  const copy = <T>(v: T): T => structuredClone(v);

  return {
    get url() {
      return url;
    },
    get enterpriseUrl() {
      return `${url}/api/v3`;
    },
    requests: ctx.requests,
    violations: ctx.violations,
    rateLimit: ctx.rateLimit,
    specLoadMs: validators?.spec.loadMs ?? 0,
    pulls: (repo) => [...repoOf(repo).pulls.values()].map(copy),
    events: (repo, number) => copy(repoOf(repo).events.get(number) ?? []),
    comments: (repo, number) => copy(repoOf(repo).comments.get(number) ?? []),
    async mergePull(repo, number, by) {
      const { r, p } = pullOf(repo, number);
      try {
        return await state.merge(r, p, by, {}, 'https://docs.github.com/rest');
      } catch (err) {
        throw err instanceof ApiError ? new Error(`cannot merge ${repo}#${number}: ${err.message}`) : err;
      }
    },
    async closePull(repo, number, by) {
      const { r, p } = pullOf(repo, number);
      state.close(r, p, by);
    },
    htmlUrl(repo, number) {
      const { owner, name } = repoOf(repo).identity;
      return `${ctx.webUrl()}/${owner}/${name}/pull/${number}`;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
