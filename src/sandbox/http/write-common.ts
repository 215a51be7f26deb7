// Shared by the write handlers: body and type checks, server-kept fields, preconditions, commit-and-respond, Scale.
import type { ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceDef, storeKind } from '../kinds.js';
import type { Entry, KubeObject } from '../types.js';
import { toView, viewJson } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { sendJson } from './respond.js';
import { StatusError } from './status.js';

export function isDryRun(req: ResourceRequest): boolean {
  return req.query.getAll('dryRun').includes('All');
}

export function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw StatusError.badRequest("Object 'Kind' is missing in the request body");
  const obj = body as KubeObject;
  obj.metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
  return obj;
}

export function checkType(def: ResourceDef, obj: KubeObject): void {
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
export function keepServerFields(
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

export function commitAndSend(
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
export function existing(ctx: ServerContext, def: ResourceDef, req: ResourceRequest & { name: string }): Entry {
  const entry = ctx.cluster.entry(storeKind(def), req.namespace, req.name);
  if (!entry) throw StatusError.notFound(def, req.name);
  return entry;
}

export function checkPrecondition(def: ResourceDef, sent: KubeObject, old: KubeObject): void {
  const rv = sent.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
    throw StatusError.conflict(def, old.metadata.name);
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
