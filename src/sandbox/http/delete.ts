// Deletes: one object or a collection — with propagation policy, dryRun and uid/resourceVersion preconditions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Propagation } from '../cluster-state.js';
import { apiVersionOf, type ResourceDef, storeKind } from '../kinds.js';
import type { Entry, Fields } from '../types.js';
import { toView } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { requestFilter } from './read.js';
import { readBody, sendJson } from './respond.js';
import { StatusError } from './status.js';
import { existing, isDryRun } from './write-common.js';

async function deleteOptions(
  req: ResourceRequest,
  httpReq: IncomingMessage,
): Promise<{ propagation: Propagation; dryRun: boolean; uid?: string; rv?: string }> {
  const body = await readBody(httpReq);
  let opts: Fields = {};
  if (body.length > 0) {
    try {
      opts = JSON.parse(body.toString('utf8')) as Fields;
    } catch {
      throw StatusError.badRequest('the body of the request was in an unknown format');
    }
  }
  const propagation = (req.query.get('propagationPolicy') ??
    opts.propagationPolicy ??
    (req.query.get('orphanDependents') === 'true' ? 'Orphan' : 'Background')) as Propagation;
  const dryRun = isDryRun(req) || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All'));
  return {
    propagation,
    dryRun,
    ...(opts.preconditions?.uid ? { uid: opts.preconditions.uid } : {}),
    ...(opts.preconditions?.resourceVersion ? { rv: opts.preconditions.resourceVersion } : {}),
  };
}

export async function handleDelete(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string },
  httpReq: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.faults.authorize('delete', def, req.namespace, req.name);
  const old = existing(ctx, def, req);
  const opts = await deleteOptions(req, httpReq);
  if (opts.uid && opts.uid !== old.obj.metadata.uid) {
    throw new StatusError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${old.obj.metadata.uid ?? ''}`,
    );
  }
  if (opts.rv && opts.rv !== old.obj.metadata.resourceVersion) throw StatusError.conflict(def, req.name);
  const gone = ctx.cluster.remove(def, req.namespace, req.name, { dryRun: opts.dryRun, propagation: opts.propagation });
  if (!gone) throw StatusError.notFound(def, req.name);
  if (def.kind === 'Pod' || def.kind === 'Namespace') {
    // These answer with the object (graceful deletion), others with a Success Status.
    sendJson(res, 200, JSON.stringify(toView(def, gone.obj)));
    return;
  }
  sendJson(res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: req.name,
      ...(def.group ? { group: def.group } : {}),
      kind: def.plural,
      uid: gone.obj.metadata.uid,
    },
  });
}

export async function handleDeleteCollection(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest,
  httpReq: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.faults.authorize('deletecollection', def, req.namespace);
  const opts = await deleteOptions(req, httpReq);
  const filter = requestFilter(def, req);
  const page = ctx.cluster.page(storeKind(def), {
    ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
    ...(filter ? { filter } : {}),
  });
  const items = page.entries
    .map((e) =>
      ctx.cluster.remove(def, e.obj.metadata.namespace, e.obj.metadata.name, {
        dryRun: opts.dryRun,
        propagation: opts.propagation,
      }),
    )
    .filter((e): e is Entry => e !== undefined)
    .map((e) => toView(def, e.obj));
  sendJson(res, 200, {
    kind: `${def.kind}List`,
    apiVersion: apiVersionOf(def),
    metadata: { resourceVersion: ctx.cluster.resourceVersion },
    items,
  });
}
