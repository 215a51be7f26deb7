// Writes: create, replace, patch (JSON, merge, strategic), delete — with dryRun, preconditions and validation.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Propagation } from '../cluster-state.js';
import { applyJsonPatch } from '../json-patch.js';
import { apiVersionOf, type ResourceDef, storeKind } from '../kinds.js';
import { mergePatch, strategicMergePatch } from '../patch.js';
import { qosClass } from '../qos.js';
import type { Entry, Fields, KubeObject } from '../types.js';
import { validate } from '../validate.js';
import { fromView, toView, viewJson } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { checkBody, checkPatched, fieldValidation, goValue } from './field-validation.js';
import { requestFilter } from './read.js';
import { readBody, readJson, sendJson } from './respond.js';
import { StatusError } from './status.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function isDryRun(req: ResourceRequest): boolean {
  return req.query.getAll('dryRun').includes('All');
}

function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw StatusError.badRequest("Object 'Kind' is missing in the request body");
  const obj = body as KubeObject;
  obj.metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
  return obj;
}

function checkType(def: ResourceDef, obj: KubeObject): void {
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw StatusError.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${def.kind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(def)) {
    throw StatusError.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`,
    );
  }
  obj.kind = def.kind;
  obj.apiVersion = apiVersionOf(def);
}

/** What a real server keeps from the stored object whatever the client sent. */
function keepServerFields(
  def: ResourceDef,
  next: KubeObject,
  old: KubeObject,
  subresource: string | undefined,
): KubeObject {
  const meta = {
    ...next.metadata,
    uid: old.metadata.uid,
    creationTimestamp: old.metadata.creationTimestamp,
    name: old.metadata.name,
  };
  if (old.metadata.namespace !== undefined) meta.namespace = old.metadata.namespace;
  delete meta.generation;
  delete meta.resourceVersion;
  if (subresource === 'status') {
    // A status write changes only status.
    const out = structuredClone(old);
    out.status = next.status;
    delete out.metadata.resourceVersion;
    delete out.metadata.generation;
    return out;
  }
  const out: KubeObject = { ...next, metadata: meta };
  if (def.hasStatus) {
    if (old.status === undefined) delete out.status;
    else out.status = old.status;
  }
  return out;
}

function stripUndefined(obj: KubeObject): KubeObject {
  return JSON.parse(JSON.stringify(obj)) as KubeObject;
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): string =>
    JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined } });
  return strip(a) === strip(b);
}

function commitAndSend(
  ctx: ServerContext,
  def: ResourceDef,
  obj: KubeObject,
  old: Entry | undefined,
  req: ResourceRequest,
  res: ServerResponse,
  code: number,
): void {
  // A write that changes nothing is not a change: no new resourceVersion, no watch event.
  const entry =
    old && sameContent(obj, old.obj) ? old : ctx.cluster.commit(def, stripUndefined(obj), { dryRun: isDryRun(req) });
  sendJson(
    res,
    code,
    req.subresource === 'scale'
      ? scaleOf(entry.obj)
      : entry === old
        ? viewJson(def, entry)
        : JSON.stringify(toView(def, entry.obj)),
  );
}

export async function handleCreate(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest,
  httpReq: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.faults.authorize('create', def, req.namespace);
  const directive = fieldValidation(req.query, 'CreateOptions');
  const obj = asObject(await readJson(httpReq));
  checkType(def, obj);
  const stored = fromView(def, obj);
  checkBody(def, stored, directive, res);
  const meta = stored.metadata;
  if (def.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== req.namespace) {
      throw StatusError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = req.namespace ?? 'default';
    if (!ctx.cluster.entry('Namespace', undefined, meta.namespace)) {
      throw new StatusError(404, 'NotFound', `namespaces "${meta.namespace}" not found`, {
        name: meta.namespace,
        kind: 'namespaces',
      });
    }
  }
  if (!meta.name && meta.generateName)
    meta.name = meta.generateName + Array.from(randomBytes(5), (b) => NAME_CHARS[b % NAME_CHARS.length]).join('');
  if (!meta.name) {
    throw StatusError.invalid(def, '', [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ]);
  }
  if (ctx.cluster.entry(storeKind(def), meta.namespace, meta.name)) throw StatusError.alreadyExists(def, meta.name);
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp'] as const)
    delete meta[field];
  resetStatus(def, stored);
  if (def.kind === 'Namespace') meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
  validate(def, stored);
  commitAndSend(ctx, def, stored, undefined, req, res, 201);
  // The service account controller gives every new namespace its default ServiceAccount.
  if (def.kind === 'Namespace' && !isDryRun(req) && !ctx.cluster.entry('ServiceAccount', meta.name, 'default')) {
    ctx.cluster.apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: meta.name },
    });
  }
}

/** Status is the controllers' to write: creation starts it fresh. */
function resetStatus(def: ResourceDef, obj: KubeObject): void {
  if (!def.hasStatus) return;
  if (def.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
  else if (def.kind === 'Namespace') obj.status = { phase: 'Active' };
  else delete obj.status;
  if (['Deployment', 'ReplicaSet', 'StatefulSet'].includes(def.kind) && obj.spec) obj.spec.replicas ??= 1;
}

function existing(ctx: ServerContext, def: ResourceDef, req: ResourceRequest & { name: string }): Entry {
  const entry = ctx.cluster.entry(storeKind(def), req.namespace, req.name);
  if (!entry) throw StatusError.notFound(def, req.name);
  return entry;
}

function checkPrecondition(def: ResourceDef, sent: KubeObject, old: KubeObject): void {
  const rv = sent.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
    throw StatusError.conflict(def, old.metadata.name);
}

export async function handleReplace(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string },
  httpReq: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.faults.authorize('update', def, req.namespace, req.name, req.subresource);
  const old = existing(ctx, def, req);
  const directive = fieldValidation(req.query, 'UpdateOptions');
  const body = asObject(await readJson(httpReq));
  if (req.subresource === 'scale') return applyScale(ctx, def, old, body, req, res);
  checkType(def, body);
  checkBody(def, fromView(def, body), directive, res, toView(def, old.obj));
  if (body.metadata.name !== undefined && body.metadata.name !== req.name) {
    throw StatusError.badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${req.name})`,
    );
  }
  checkPrecondition(def, body, old.obj);
  const next = keepServerFields(def, fromView(def, body), old.obj, req.subresource);
  validate(def, next, old.obj);
  commitAndSend(ctx, def, next, old, req, res, 200);
}

export async function handlePatch(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string },
  httpReq: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.faults.authorize('patch', def, req.namespace, req.name, req.subresource);
  const type = (httpReq.headers['content-type'] ?? '').split(';')[0]?.trim();
  const old = existing(ctx, def, req);
  const apply = patcher(type);
  const directive = fieldValidation(req.query, 'PatchOptions');
  const raw = await readBody(httpReq);
  let patch: unknown;
  try {
    patch = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw StatusError.badRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (req.subresource === 'scale')
    return applyScale(ctx, def, old, asObject(apply(JSON.parse(scaleOf(old.obj)), patch)), req, res);
  const current = toView(def, old.obj);
  const patched = asObject(apply(current, patch));
  // The strategic-merge handler shows the patch it was sent; the JSON and merge handlers the object they made.
  checkPatched(
    def,
    patched,
    current,
    () => (type === 'application/strategic-merge-patch+json' ? goValue(patch) : JSON.stringify(patched)),
    directive,
    res,
  );
  checkPrecondition(def, patched, old.obj);
  const next = keepServerFields(def, fromView(def, patched), old.obj, req.subresource);
  next.kind = def.storedAs ?? def.kind;
  next.apiVersion = old.obj.apiVersion;
  validate(def, next, old.obj);
  commitAndSend(ctx, def, next, old, req, res, 200);
}

function patcher(type: string | undefined): (doc: unknown, patch: unknown) => unknown {
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch;
    case 'application/merge-patch+json':
      return mergePatch;
    case 'application/strategic-merge-patch+json':
      return strategicMergePatch;
    default:
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
}

/** autoscaling/v1 Scale for /scale, serialised. */
export function scaleOf(obj: KubeObject): string {
  const m = obj.metadata;
  const selector = Object.entries((obj.spec?.selector?.matchLabels ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return JSON.stringify({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: { replicas: obj.status?.replicas ?? 0, selector },
  });
}

function applyScale(
  ctx: ServerContext,
  def: ResourceDef,
  old: Entry,
  scale: KubeObject,
  req: ResourceRequest,
  res: ServerResponse,
): void {
  if (!def.hasScale) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  checkPrecondition(def, scale, old.obj);
  const next = structuredClone(old.obj);
  next.spec = { ...next.spec, replicas: scale.spec?.replicas };
  validate(def, next, old.obj);
  commitAndSend(ctx, def, next, old, req, res, 200);
}

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
