// Raw JSON requests through client-node's own auth and TLS handling, for calls where typed models cost too much
// (listing 10,000 pods) or where we want the object exactly as the server sent it (diffs of a workload spec).
import type { KubeConfig } from '@kubernetes/client-node';
import type { Dispatcher, Response } from 'undici';
import type { z } from 'zod';
import { ClopusError } from '../errors.js';

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { retryAfterSeconds?: number };
}

/** An API server answer that was not 2xx; `status` is the HTTP status. */
export class KubeApiError extends ClopusError {
  constructor(
    code: ConstructorParameters<typeof ClopusError>[0],
    message: string,
    readonly status: number,
    /** How long the server asked us to wait (429/503: Retry-After, or the Status's details.retryAfterSeconds). */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

/** Maps an API server answer that is not 2xx to one coded error whose message a user can act on. */
export function kubeError(status: number, body: unknown, what: string, retryAfterHeader?: string | null): KubeApiError {
  const s = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  const detail = s.message ?? `HTTP ${status}`;
  const seconds = Number(retryAfterHeader ?? s.details?.retryAfterSeconds ?? NaN);
  if ((status === 429 || status === 503) && Number.isFinite(seconds) && seconds >= 0) {
    return new KubeApiError(
      'KUBE_ERROR',
      `${what}: the API server answered ${status}${s.reason ? ` ${s.reason}` : ''}: ${detail} (retry after ${seconds} s)`,
      status,
      seconds * 1000,
    );
  }
  if (status === 401)
    return new KubeApiError(
      'KUBE_FORBIDDEN',
      `${what}: the API server rejected our credentials (401): ${detail}`,
      status,
    );
  if (status === 403) {
    return new KubeApiError(
      'KUBE_FORBIDDEN',
      `${what}: forbidden by RBAC (403): ${detail}. Grant the permission in the Role, or narrow the namespaces watched.`,
      status,
    );
  }
  if (status === 404) return new KubeApiError('KUBE_NOT_FOUND', `${what}: not found: ${detail}`, status);
  return new KubeApiError(
    'KUBE_ERROR',
    `${what}: the API server answered ${status}${s.reason ? ` ${s.reason}` : ''}: ${detail}`,
    status,
  );
}

/** The API server could not answer for now (unreachable, 5xx, 429): worth asking again, not a verdict on the object. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof KubeApiError) return err.status === 429 || err.status >= 500;
  return err instanceof ClopusError && err.code === 'KUBE_UNREACHABLE';
}

/** client-node and undici, loaded on the first request, not on import: a command that never calls the API server never pays for them. */
let wireModules: Promise<[typeof import('@kubernetes/client-node'), typeof import('undici')]> | undefined;
const wire = () => (wireModules ??= Promise.all([import('@kubernetes/client-node'), import('undici')]));

export class KubeHttp {
  /** client-node builds a new undici Agent per request; one reused agent keeps connections (and memory) bounded. */
  private dispatcher: Dispatcher | undefined;

  constructor(private readonly kc: KubeConfig) {}

  get server(): string {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new ClopusError('KUBE_UNREACHABLE', 'no current cluster in the kubeconfig');
    return cluster.server.replace(/\/$/, '');
  }

  /**
   * Sends one request; returns the JSON body parsed by `schema`, or throws a coded error (403 → KUBE_FORBIDDEN, …;
   * an answer that is not JSON or does not fit the schema → KUBE_ERROR).
   */
  async request<S extends z.ZodType>(
    req: KubeRequest,
    schema: S,
    what = `${req.method ?? 'GET'} ${req.path}`,
  ): Promise<z.output<S>> {
    const text = await this.send(req, what, 'application/json');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (err) {
      throw new ClopusError(
        'KUBE_ERROR',
        `${what}: the API server answered with something that is not JSON: ${text.slice(0, 100)}`,
        { cause: err },
      );
    }
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ClopusError(
      'KUBE_ERROR',
      `${what}: the API server answered with an unexpected object (${issue?.path.join('.') || 'the object'}: ${issue?.message ?? 'invalid'})`,
      { cause: parsed.error },
    );
  }

  /** Like request, for plain-text answers (logs). */
  async requestText(req: KubeRequest, what = `${req.method ?? 'GET'} ${req.path}`): Promise<string> {
    return this.send(req, what, 'text/plain, application/json');
  }

  private async send(req: KubeRequest, what: string, accept: string): Promise<string> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const method = req.method ?? 'GET';
    const [{ RequestContext, HttpMethod }, { fetch }] = await wire();
    const ctx = new RequestContext(url.toString(), HttpMethod[method]);
    await this.kc.applySecurityAuthentication(ctx);
    const headers = ctx.getHeaders() as Record<string, string>;
    headers.accept = accept;
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher: (this.dispatcher ??= ctx.getDispatcher() as Dispatcher | undefined),
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ClopusError(
        'KUBE_UNREACHABLE',
        `${what}: cannot reach the API server at ${this.server}: ${(err as Error).cause ? String((err as Error & { cause: Error }).cause.message ?? (err as Error).cause) : (err as Error).message}`,
        { cause: err },
      );
    }
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text.slice(0, 300) };
    }
    throw kubeError(res.status, body, what, res.headers.get('retry-after'));
  }
}
