// The operations the fake serves, as GitHub's OpenAPI description names them, and what each one does.
import { fullRepository, privateUser, type Urls } from './objects.js';
import { issueComment, issueEvent, pullRequest, pullRequestSimple, type View } from './pull-objects.js';
import { apiError, type GitHubState, type RepoState } from './state.js';

export interface RouteContext {
  state: GitHubState;
  urls: Urls;
  /** The authenticated user. */
  login: string;
  /** The request as sent (prefix and query included), for pagination links. */
  url: URL;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  docsUrl: string;
  /** When the fake started: the authenticated user's creation date. */
  startedAt: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** The path template, exactly as GitHub's OpenAPI description spells it. */
  path: string;
  operationId: string;
  handle(ctx: RouteContext): Promise<Answer>;
}

type Body = Record<string, unknown>;

function repoOf(ctx: RouteContext): RepoState {
  const r = ctx.state.repo(`${String(ctx.params.owner)}/${String(ctx.params.repo)}`);
  if (!r) throw apiError(404, 'Not Found', ctx.docsUrl);
  return r;
}

function numberOf(ctx: RouteContext, name: 'pull_number' | 'issue_number'): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n) || n < 1) throw apiError(404, 'Not Found', ctx.docsUrl);
  return n;
}

const view = (ctx: RouteContext, repo: RepoState): View => ({
  urls: ctx.urls,
  state: ctx.state,
  repo,
  viewer: ctx.login,
});

/** GitHub's page / per_page, with a Link header pointing at the next and last pages. */
function paginate<T>(ctx: RouteContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const u = new URL(ctx.url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.href}>; rel="${rel}"`;
  };
  const rels = [
    ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
  ];
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: rels.length ? { link: rels.join(', ') } : {},
  };
}

const ok = (body: unknown, headers?: Record<string, string>): Answer => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

export const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/user',
    operationId: 'users/get-authenticated',
    handle: async (ctx) => ok(privateUser(ctx.urls, ctx.login, ctx.state.userId(ctx.login), ctx.startedAt)),
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    operationId: 'repos/get',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      return ok(fullRepository(ctx.urls, r.identity, ctx.login.toLowerCase() === r.identity.owner.toLowerCase()));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/list',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const { state = 'open', head, base, direction } = ctx.query as Record<string, string | undefined>;
      // Like GitHub: a head filter without its `owner:` prefix is ignored rather than refused.
      const headRef = head?.includes(':') ? head : undefined;
      const pulls = [...r.pulls.values()].filter(
        (p) =>
          (state === 'all' || p.state === state) &&
          (!headRef || `${r.identity.owner}:${p.head}`.toLowerCase() === headRef.toLowerCase()) &&
          (!base || p.base === base),
      );
      for (const p of pulls) await ctx.state.refresh(r, p);
      if (direction !== 'asc') pulls.reverse();
      const { items, headers } = paginate(ctx, pulls);
      return ok(
        items.map((p) => pullRequestSimple(view(ctx, r), p)),
        headers,
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/create',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const b = (ctx.body ?? {}) as Body;
      const p = await ctx.state.create(
        r,
        {
          title: typeof b.title === 'string' ? b.title : '',
          head: String(b.head ?? ''),
          base: String(b.base ?? ''),
          ...(typeof b.body === 'string' ? { body: b.body } : {}),
          ...(typeof b.draft === 'boolean' ? { draft: b.draft } : {}),
        },
        ctx.login,
        ctx.docsUrl,
      );
      const body = pullRequest(view(ctx, r), p);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/get',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const p = ctx.state.pull(r, numberOf(ctx, 'pull_number'), ctx.docsUrl);
      await ctx.state.refresh(r, p);
      return ok(pullRequest(view(ctx, r), p));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/update',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const p = ctx.state.pull(r, numberOf(ctx, 'pull_number'), ctx.docsUrl);
      const b = (ctx.body ?? {}) as Body;
      if (b.state === 'closed') ctx.state.close(r, p, ctx.login);
      if (b.state === 'open') ctx.state.reopen(r, p, ctx.login, ctx.docsUrl);
      if (typeof b.title === 'string') p.title = b.title;
      if (typeof b.body === 'string') p.body = b.body;
      return ok(pullRequest(view(ctx, r), p));
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    operationId: 'pulls/merge',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const p = ctx.state.pull(r, numberOf(ctx, 'pull_number'), ctx.docsUrl);
      const b = (ctx.body ?? {}) as Body;
      const text = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
      const opts = { sha: text('sha'), title: text('commit_title'), message: text('commit_message') };
      const sha = await ctx.state.merge(r, p, ctx.login, opts, ctx.docsUrl);
      return ok({ sha, merged: true, message: 'Pull Request successfully merged' });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/events',
    operationId: 'issues/list-events',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const n = numberOf(ctx, 'issue_number');
      ctx.state.pull(r, n, ctx.docsUrl);
      const { items, headers } = paginate(ctx, r.events.get(n) ?? []);
      return ok(
        items.map((e) => issueEvent(view(ctx, r), e)),
        headers,
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/create-comment',
    handle: async (ctx) => {
      const r = repoOf(ctx);
      const n = numberOf(ctx, 'issue_number');
      const p = ctx.state.pull(r, n, ctx.docsUrl);
      const c = ctx.state.comment(r, p, String((ctx.body as Body | undefined)?.body ?? ''), ctx.login);
      const body = issueComment(view(ctx, r), n, c);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
];

/** Finds the route for a method and a path (without the /api/v3 prefix), with the path's parameters. */
export function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const m = new RegExp(`^${pattern}/?$`).exec(path);
    if (m) return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}
