// What both controllers do to rendered objects: give them a namespace and the manager's tracking metadata, apply the
// ones out of sync, and prune the ones the manifests no longer hold.
import type { ClusterState } from '../cluster-state.js';
import { resourceFor } from '../kinds.js';
import type { KubeObject } from '../types.js';
import { type ApplyContext, applyOne, defOf, keyOf } from './apply.js';
import { SyncFailure } from './run.js';
import type { ManagerRef, ObjectRef, Planned, SyncEvent } from './types.js';

/** What a reconciler needs from the running controller. */
export interface Controller {
  cluster: ClusterState;
  now: () => Date;
  apply: Omit<ApplyContext, 'createNamespace'>;
  emit(e: SyncEvent): void;
  /**
   * Emits `e` unless `signature` is the last one reported under `key` (undefined forgets the key); returns whether
   * it emitted, so a Kubernetes Event goes with it once.
   */
  report(key: string, signature: string | undefined, e?: SyncEvent): boolean;
}

export interface Decoration {
  /** Namespace for namespaced objects that name none (Argo CD's destination). */
  defaultNamespace?: string;
  /** Namespace for every namespaced object (Flux's targetNamespace). */
  forceNamespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Sets namespaces and tracking metadata; a namespaced object left without a namespace is an error. */
export function decorate(objects: KubeObject[], d: Decoration): KubeObject[] {
  return objects.map((src) => {
    const obj = structuredClone(src);
    obj.metadata ??= { name: '' };
    const def = defOf(obj);
    if (def && !def.namespaced) delete obj.metadata.namespace;
    else if (def) {
      const ns = d.forceNamespace ?? obj.metadata.namespace ?? d.defaultNamespace;
      if (!ns) throw new SyncFailure('apply', `${obj.kind}/${obj.metadata.name} namespace not specified`);
      obj.metadata.namespace = ns;
    }
    obj.metadata.labels = { ...obj.metadata.labels, ...d.labels };
    obj.metadata.annotations = { ...obj.metadata.annotations, ...d.annotations };
    return obj;
  });
}

/** kubectl's name for an object: `deployment.apps/api`. */
export function kubectlName(ref: ObjectRef): string {
  const group = ref.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
  return `${ref.kind.toLowerCase()}${group}/${ref.name}`;
}

export interface Applied {
  /** Objects the apply created or changed, and how (created / configured). */
  changed: { planned: Planned; verb: 'created' | 'configured' }[];
  failures: { planned: Planned; message: string }[];
}

/** Applies every planned object `which` selects, going on past failures as a sync does. */
export function applyAll(
  ctrl: Controller,
  planned: Planned[],
  createNamespace: boolean,
  which: (p: Planned) => boolean = () => true,
): Applied {
  const out: Applied = { changed: [], failures: [] };
  const ctx: ApplyContext = { ...ctrl.apply, createNamespace };
  for (const p of planned) {
    if (p.state === 'skipped' || !which(p)) continue;
    try {
      if (applyOne(ctx, p)) out.changed.push({ planned: p, verb: p.state === 'missing' ? 'created' : 'configured' });
    } catch (err) {
      if (!(err instanceof SyncFailure)) throw err;
      out.failures.push({ planned: p, message: err.message });
    }
  }
  return out;
}

/**
 * Deletes the objects a manager applied before that its manifests no longer hold, and only those that still carry its
 * tracking metadata (`owns`), as the controllers check; returns those deleted.
 */
export function prune(
  ctrl: Controller,
  before: ObjectRef[],
  now: Planned[],
  owns: (live: KubeObject) => boolean,
): ObjectRef[] {
  const keep = new Set(now.map((p) => keyOf(p.ref)));
  const gone: ObjectRef[] = [];
  for (const ref of before) {
    if (keep.has(keyOf(ref))) continue;
    let kind: string;
    try {
      kind = resourceFor(ref.kind).kind;
    } catch {
      continue;
    }
    const live = ctrl.cluster.get(kind, ref.namespace, ref.name);
    if (live && owns(live) && ctrl.cluster.delete(kind, ref.namespace, ref.name)) gone.push(ref);
    ctrl.apply.lastApplied.delete(keyOf(ref));
  }
  return gone;
}

export const managerRef = (obj: KubeObject): ManagerRef => ({
  kind: obj.kind as ManagerRef['kind'],
  namespace: obj.metadata.namespace ?? 'default',
  name: obj.metadata.name,
});

export const at = (ctrl: Controller): string => ctrl.now().toISOString();
