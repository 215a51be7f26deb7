// One request through the fake, in GitHub's order: authenticate, rate limit, route, validate the request against
// the OpenAPI description, run, answer conditionally (ETag / If-None-Match → 304), validate the response.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Urls } from './objects.js';
import { type Answer, match, type RouteContext } from './routes.js';
import type { Issue, OperationSpec, Validators } from './spec.js';
import { ApiError, apiError, type GitHubState } from './state.js';
import type { RateLimit, RecordedRequest, Violation } from './types.js';

export interface ServerContext {
  state: GitHubState;
  token: string;
  login: string;
  /** The fake's root URL and the root of its web links. */
  url: () => string;
  webUrl: () => string;
  validators: Validators | undefined;
  rateLimit: RateLimit;
  requests: RecordedRequest[];
  violations: Violation[];
  startedAt: string;
}

const DOCS = 'https://docs.github.com/rest';
const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const API_VERSION = '2022-11-28';

/** Epoch seconds `seconds` from now, as x-ratelimit-reset counts. */
export const resetIn = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

interface Outcome extends Answer {
  operationId?: string;
  error?: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function credential(header: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** GitHub's answer to a request its schema refuses: a 422 naming each failed rule. */
function refused(issues: Issue[], docsUrl: string): ApiError {
  const lines = issues.map((i) => (i.missing ? `"${i.missing}" wasn't supplied.` : `For '${i.path}', ${i.message}.`));
  const errors = issues.map((i) => ({
    resource: 'Request',
    code: i.missing ? 'missing_field' : 'invalid',
    field: i.path,
    message: i.message,
  }));
  const e = apiError(422, `Invalid request.\n\n${lines.join('\n')}`, docsUrl);
  return new ApiError(422, { ...e.body, errors });
}

interface Incoming {
  req: IncomingMessage;
  url: URL;
  urls: Urls;
  /** The path without its /api/v3 prefix. */
  path: string;
  requestId: string;
}

async function answer(ctx: ServerContext, { req, url, urls, path, requestId }: Incoming): Promise<Outcome> {
  const sent = credential(req.headers.authorization);
  if (!sent) throw apiError(401, 'Requires authentication', DOCS);
  if (sent !== ctx.token) throw apiError(401, 'Bad credentials', DOCS);
  const limit = ctx.rateLimit;
  if (Date.now() / 1000 >= limit.reset) Object.assign(limit, { remaining: limit.limit, reset: resetIn(3600) });
  if (limit.remaining <= 0)
    throw apiError(
      403,
      `API rate limit exceeded for user ID ${ctx.state.userId(ctx.login)}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      RATE_DOCS,
    );
  const found = match(req.method ?? 'GET', path);
  if (!found) throw apiError(404, 'Not Found', DOCS);
  const { route, params } = found;
  const op = ctx.validators?.spec.operations.get(route.operationId);
  const docsUrl = op?.docsUrl ?? DOCS;
  const text = await readBody(req);
  let body: unknown;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw apiError(400, 'Problems parsing JSON', docsUrl);
    }
  }
  const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (ctx.validators && op) {
    const issues = validateRequest(ctx.validators, op, params, query, body);
    if (issues.length) throw refused(issues, docsUrl);
  }
  const routeCtx: RouteContext = {
    state: ctx.state,
    urls,
    login: ctx.login,
    url,
    params,
    query,
    body,
    docsUrl,
    startedAt: ctx.startedAt,
  };
  return { ...(await route.handle(routeCtx)), operationId: route.operationId };
}

function validateRequest(
  v: Validators,
  op: OperationSpec,
  params: Record<string, unknown>,
  query: Record<string, unknown>,
  body: unknown,
): Issue[] {
  const missingBody: Issue[] =
    op.requestBody?.required && body === undefined
      ? [{ path: '', message: 'a request body is required', keyword: 'required' }]
      : [];
  return [
    ...v.params(op, 'path', params),
    ...v.params(op, 'query', query),
    ...missingBody,
    ...(body === undefined ? [] : v.body(op, body)),
  ];
}

function etagOf(json: string): string {
  return `"${createHash('sha256').update(json).digest('hex')}"`;
}

/** If-None-Match compares weakly: W/"x" matches "x", and `*` matches anything. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** Handles one request; never throws (a failure becomes GitHub's error body). */
export async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.url());
  const ghes = url.pathname === '/api/v3' || url.pathname.startsWith('/api/v3/');
  const path = ghes ? url.pathname.slice('/api/v3'.length) || '/' : url.pathname;
  const urls: Urls = { api: ghes ? `${ctx.url()}/api/v3` : ctx.url(), web: ctx.webUrl() };
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  let out: Outcome;
  try {
    out = await answer(ctx, { req, url, urls, path, requestId });
  } catch (err) {
    out =
      err instanceof ApiError
        ? { status: err.status, body: err.body, headers: err.headers }
        : {
            status: 500,
            body: { message: 'Server Error', documentation_url: DOCS, status: '500' },
            error: String(err),
          };
    const found = match(req.method ?? 'GET', path);
    if (found) out.operationId = found.route.operationId;
  }
  // What the client reads is the JSON text: validate that, not the object it was made from.
  let json = out.body === undefined ? '' : JSON.stringify(out.body);
  let status = out.status;
  const headers: Record<string, string> = { ...out.headers };
  if (status === 200 && req.method === 'GET') {
    headers.etag = etagOf(json);
    headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    if (matches(req.headers['if-none-match'], headers.etag)) status = 304;
  }
  const op = out.operationId ? ctx.validators?.spec.operations.get(out.operationId) : undefined;
  if (ctx.validators && op && status !== 304) {
    const issues = ctx.validators.response(op, status, json ? JSON.parse(json) : undefined);
    if (issues.length) {
      ctx.violations.push({
        method: req.method ?? 'GET',
        path: req.url ?? '',
        operationId: op.operationId,
        status,
        issues,
      });
      status = 500;
      json = JSON.stringify({
        message: `The GitHub fake answered ${op.operationId} with a body GitHub's OpenAPI description refuses`,
        documentation_url: DOCS,
        status: '500',
      });
      delete headers.etag;
    }
  }
  // Conditional hits and refused credentials do not spend the rate limit, as on GitHub.
  const limit = ctx.rateLimit;
  if (status !== 304 && status !== 401 && limit.remaining > 0) limit.remaining--;
  ctx.requests.push({
    method: req.method ?? 'GET',
    path: req.url ?? '',
    status,
    ...(out.operationId ? { operationId: out.operationId } : {}),
    ...(out.error ? { error: out.error } : {}),
  });
  res.writeHead(status, {
    ...commonHeaders(req, limit, requestId),
    ...headers,
    ...(status === 304 ? {} : { 'content-type': 'application/json; charset=utf-8' }),
  });
  res.end(status === 304 ? undefined : json);
}

function commonHeaders(req: IncomingMessage, limit: RateLimit, requestId: string): Record<string, string> {
  const version = req.headers['x-github-api-version'];
  return {
    server: 'github.com',
    'x-github-api-version-selected': typeof version === 'string' ? version : API_VERSION,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': requestId,
    'x-oauth-scopes': 'repo',
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': String(limit.remaining),
    'x-ratelimit-reset': String(limit.reset),
    'x-ratelimit-used': String(limit.limit - limit.remaining),
    'x-ratelimit-resource': 'core',
    vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
  };
}
