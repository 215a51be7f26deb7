// Writes: create, replace, patch (JSON, merge, strategic) and /scale — with dryRun, preconditions and validation.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyJsonPatch } from '../json-patch.js';
import { type ResourceDef, storeKind } from '../kinds.js';
import { mergePatch, strategicMergePatch } from '../patch.js';
import { qosClass } from '../qos.js';
import type { Entry, KubeObject } from '../types.js';
import { validate } from '../validate.js';
import { fromView, toView } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { checkBody, checkPatched, fieldValidation, goValue } from './field-validation.js';
import { readBody, readJson } from './respond.js';
import { StatusError } from './status.js';
import {
  asObject,
  checkPrecondition,
  checkType,
  commitAndSend,
  existing,
  isDryRun,
  keepServerFields,
  scaleOf,
} from './write-common.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
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
