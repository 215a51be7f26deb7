// GET of one object and of lists: selectors, limit/continue paging, and Table output for kubectl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceDef, storeKind } from '../kinds.js';
import { combine, type Matcher, parseFieldSelector, parseLabelSelector } from '../selectors.js';
import { parseIncludeObject, toTable, wantsTable } from '../table.js';
import { toView, viewJson } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { sendJson, sendJsonParts } from './respond.js';
import { StatusError } from './status.js';

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (parsed.v === 'meta.k8s.io/v1' && typeof parsed.rv === 'number' && typeof parsed.start === 'string')
      return parsed as ContinueToken;
  } catch {
    // fall through to the error real servers give
  }
  throw StatusError.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/** The selector a list or watch applies: label and field selectors, plus the namespace of the path. */
export function requestFilter(def: ResourceDef, req: ResourceRequest): Matcher | undefined {
  return combine(
    parseLabelSelector(req.query.get('labelSelector')),
    parseFieldSelector(req.query.get('fieldSelector'), def),
  );
}

export function handleGet(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string },
  httpReq: IncomingMessage,
  res: ServerResponse,
): void {
  ctx.faults.authorize('get', def, req.namespace, req.name);
  const entry = ctx.cluster.entry(storeKind(def), req.namespace, req.name);
  if (!entry) throw StatusError.notFound(def, req.name);
  if (wantsTable(httpReq.headers.accept)) {
    sendJson(
      res,
      200,
      toTable(def, [entry.obj], {
        includeObject: parseIncludeObject(req.query.get('includeObject')),
        now: ctx.cluster.now().getTime(),
        resourceVersion: entry.obj.metadata.resourceVersion ?? '',
        view: (o) => toView(def, o),
      }),
    );
    return;
  }
  sendJson(res, 200, viewJson(def, entry));
}

export function handleList(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest,
  httpReq: IncomingMessage,
  res: ServerResponse,
): void {
  ctx.faults.authorize('list', def, req.namespace);
  const filter = requestFilter(def, req);
  const limit = Number(req.query.get('limit') ?? 0) || 0;
  const token = req.query.get('continue') ? decodeContinue(req.query.get('continue') ?? '') : undefined;
  const rv = token?.rv ?? Number(ctx.cluster.resourceVersion);
  const page = ctx.cluster.page(storeKind(def), {
    ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
    ...(filter ? { filter } : {}),
    limit,
    ...(token ? { after: token.start } : {}),
  });
  const next = page.next !== undefined ? encodeContinue(rv, page.next) : undefined;
  if (wantsTable(httpReq.headers.accept)) {
    sendJson(
      res,
      200,
      toTable(
        def,
        page.entries.map((e) => e.obj),
        {
          includeObject: parseIncludeObject(req.query.get('includeObject')),
          now: ctx.cluster.now().getTime(),
          resourceVersion: String(rv),
          ...(next ? { continueToken: next } : {}),
          ...(page.remaining !== undefined ? { remaining: page.remaining } : {}),
          view: (o) => toView(def, o),
        },
      ),
    );
    return;
  }
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (next) meta.continue = next;
  if (page.remaining !== undefined) meta.remainingItemCount = page.remaining;
  const head = `{"kind":"${def.kind}List","apiVersion":"${apiVersionOf(def)}","metadata":${JSON.stringify(meta)},"items":[`;
  sendJsonParts(
    res,
    (function* items() {
      yield head;
      for (const [i, entry] of page.entries.entries())
        yield i === 0 ? viewJson(def, entry) : `,${viewJson(def, entry)}`;
      yield ']}';
    })(),
  );
}
