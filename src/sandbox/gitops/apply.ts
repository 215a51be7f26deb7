// Applying rendered objects into the sandbox as `kubectl apply` against its API server would: create what is absent,
// three-way merge what exists, with the API server's validation, and the controllers' rollouts after a template
// change (a new ReplicaSet, new pods running the new spec).
import { rollout } from '../builders.js';
import type { ClusterState } from '../cluster-state.js';
import { StatusError } from '../http/status.js';
import { apiVersionOf, RESOURCES, type ResourceDef } from '../kinds.js';
import { qosClass } from '../qos.js';
import { hasSchema, unknownFields } from '../schema/index.js';
import { rolloutSet } from '../set-rollout.js';
import type { KubeObject } from '../types.js';
import { validate } from '../validate.js';
import { asManifest, canonical, differs, merged } from './merge.js';
import { SyncFailure } from './run.js';
import type { ObjectRef, Planned } from './types.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Kinds applied first, as Argo CD orders a sync (namespaces before what lives in them). */
const ORDER = ['Namespace', 'ServiceAccount', 'Secret', 'ConfigMap'];

export interface ApplyContext {
  cluster: ClusterState;
  /** Manifests applied before, by object key (stands in for managedFields when no annotation records them). */
  lastApplied: Map<string, KubeObject>;
  /** Create a missing target namespace (Argo CD's CreateNamespace=true) rather than fail. */
  createNamespace: boolean;
  /** Roll changed workloads out at once; otherwise leave it to autoRollout (new workloads roll out anyway). */
  rollout: boolean;
}

export function defOf(obj: KubeObject): ResourceDef | undefined {
  return RESOURCES.find((r) => !r.storedAs && r.kind === obj.kind && apiVersionOf(r) === obj.apiVersion);
}

export function refOf(obj: KubeObject): ObjectRef {
  const ns = obj.metadata.namespace;
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...(ns ? { namespace: ns } : {}), name: obj.metadata.name };
}

export const keyOf = (r: ObjectRef): string => `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

function lastOf(ctx: ApplyContext, live: KubeObject): KubeObject | undefined {
  const known = ctx.lastApplied.get(keyOf(refOf(live)));
  if (known) return known;
  const annotation = live.metadata.annotations?.[LAST_APPLIED];
  try {
    return annotation ? (JSON.parse(annotation) as KubeObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Compares each rendered object with the live one; the order is the order a sync applies them in. */
export function plan(ctx: ApplyContext, objects: KubeObject[]): Planned[] {
  const rank = (o: KubeObject): number => (ORDER.indexOf(o.kind) + ORDER.length + 1) % (ORDER.length + 1);
  return [...objects]
    .sort((a, b) => rank(a) - rank(b))
    .map((obj) => {
      const def = defOf(obj);
      const desired = asManifest(obj, def?.hasStatus ?? false);
      if (!def) return { ref: refOf(desired), desired, state: 'skipped' };
      const live = ctx.cluster.get(def.kind, desired.metadata.namespace, desired.metadata.name);
      if (!live) return { ref: refOf(desired), desired, state: 'missing' };
      const drifted = differs(live, merged(live, desired, lastOf(ctx, live)));
      return { ref: refOf(desired), desired, state: drifted ? 'drifted' : 'synced' };
    });
}

/** Records the manifest in kubectl's annotation, as a client-side apply does (Argo CD applies this way). */
export function withLastApplied(obj: KubeObject): KubeObject {
  const out = structuredClone(obj);
  const { [LAST_APPLIED]: _, ...annotations } = out.metadata.annotations ?? {};
  out.metadata.annotations = {
    ...annotations,
    [LAST_APPLIED]: `${canonical({ ...out, metadata: { ...out.metadata, annotations } })}\n`,
  };
  return out;
}

function check(ctx: ApplyContext, def: ResourceDef, obj: KubeObject, old?: KubeObject): void {
  const unknown = hasSchema(def.kind) ? unknownFields(def.kind, obj) : [];
  if (unknown.length > 0) {
    const fields = unknown.map((u) => `unknown field "${u.path}"`).join(', ');
    throw new SyncFailure(
      'apply',
      `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${fields}`,
    );
  }
  const ns = obj.metadata.namespace;
  if (def.namespaced && ns && !ctx.cluster.get('Namespace', undefined, ns)) {
    if (!ctx.createNamespace) throw new SyncFailure('apply', `namespaces "${ns}" not found`);
    ctx.cluster.createNamespace(ns);
  }
  try {
    validate(def, obj, old);
  } catch (err) {
    if (err instanceof StatusError) throw new SyncFailure('apply', err.message);
    throw err;
  }
}

function create(ctx: ApplyContext, def: ResourceDef, obj: KubeObject): void {
  const fresh = structuredClone(obj);
  check(ctx, def, fresh);
  if (def.kind === 'Pod') fresh.status = { phase: 'Pending', qosClass: qosClass(fresh.spec) };
  if (['Deployment', 'ReplicaSet', 'StatefulSet'].includes(def.kind) && fresh.spec) fresh.spec.replicas ??= 1;
  if (def.kind === 'Namespace') {
    ctx.cluster.createNamespace(fresh.metadata.name, fresh.metadata.labels ?? {});
    const annotations = fresh.metadata.annotations;
    if (annotations)
      ctx.cluster.update('Namespace', undefined, fresh.metadata.name, (ns) => {
        ns.metadata.annotations = { ...ns.metadata.annotations, ...annotations };
      });
    return;
  }
  ctx.cluster.apply(fresh);
  roll(ctx, def, fresh, true);
}

function roll(ctx: ApplyContext, def: ResourceDef, obj: KubeObject, isNew: boolean): void {
  if (!isNew && !ctx.rollout) return;
  const ns = obj.metadata.namespace ?? 'default';
  if (def.kind === 'Deployment') rollout(ctx.cluster, ns, obj.metadata.name);
  else if (def.kind === 'StatefulSet' || def.kind === 'DaemonSet')
    rolloutSet(ctx.cluster, def.kind, ns, obj.metadata.name);
}

/** Applies one planned object; returns whether it changed anything. Throws a SyncFailure the API would answer with. */
export function applyOne(ctx: ApplyContext, p: Planned): boolean {
  const def = defOf(p.desired);
  if (!def || p.state === 'skipped') return false;
  const { namespace, name } = p.desired.metadata;
  const live = ctx.cluster.get(def.kind, namespace, name);
  if (!live) {
    create(ctx, def, p.desired);
    ctx.lastApplied.set(keyOf(p.ref), p.desired);
    return true;
  }
  const next = merged(live, p.desired, lastOf(ctx, live));
  const changed = differs(live, next);
  if (changed) {
    check(ctx, def, next, live);
    // `next` is the live object merged with the manifest, status and server metadata included.
    ctx.cluster.update(def.kind, namespace, name, (o) => {
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, next);
    });
    if (canonical(live.spec?.template) !== canonical(next.spec?.template)) roll(ctx, def, next, false);
  }
  ctx.lastApplied.set(keyOf(p.ref), p.desired);
  return changed;
}
