// Reading an Argo CD Application's spec (a stored object, so untrusted: checked here once), and Argo CD's resource
// tracking: the `argocd.argoproj.io/tracking-id` annotation and the `app.kubernetes.io/instance` label.
import type { Fields, KubeObject } from '../types.js';
import { defOf } from './apply.js';
import { argoRef, type GitRef } from './git.js';
import { SyncFailure } from './run.js';
import type { ObjectRef } from './types.js';

export const TRACKING_ID = 'argocd.argoproj.io/tracking-id';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** The namespace Argo CD itself runs in: Applications elsewhere are tracked as `<namespace>_<name>`. */
const CONTROL_PLANE_NAMESPACE = 'argocd';

export interface AppSpec {
  repoURL: string;
  path: string;
  ref: GitRef;
  /** spec.source as written (status.sync.comparedTo and syncResult echo it). */
  source: Fields;
  destination: Fields;
  automated: boolean;
  selfHeal: boolean;
  prune: boolean;
  createNamespace: boolean;
  trackingName: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function appSpec(app: KubeObject): AppSpec {
  const spec = (app.spec ?? {}) as Fields;
  const source = (spec.source ?? (Array.isArray(spec.sources) ? spec.sources[0] : undefined) ?? {}) as Fields;
  const repoURL = text(source.repoURL);
  if (!repoURL) throw new SyncFailure('source', 'spec.source.repoURL is required');
  if (source.chart !== undefined || source.helm !== undefined)
    throw new SyncFailure('render', 'Helm sources are not supported by the sandbox (only Kustomize and plain YAML)');
  const automated = spec.syncPolicy?.automated;
  const on = typeof automated === 'object' && automated !== null && automated.enabled !== false;
  const options = Array.isArray(spec.syncPolicy?.syncOptions) ? (spec.syncPolicy.syncOptions as unknown[]) : [];
  const ns = app.metadata.namespace ?? CONTROL_PLANE_NAMESPACE;
  return {
    repoURL,
    path: text(source.path) ?? '.',
    ref: argoRef(source.targetRevision),
    source,
    destination: (spec.destination ?? {}) as Fields,
    automated: on,
    selfHeal: on && automated.selfHeal === true,
    prune: on && automated.prune === true,
    createNamespace: options.includes('CreateNamespace=true'),
    trackingName: ns === CONTROL_PLANE_NAMESPACE ? app.metadata.name : `${ns}_${app.metadata.name}`,
  };
}

/** `<app>:<group>/<Kind>:<namespace>/<name>`, the value Argo CD's annotation tracking writes. */
export function trackingId(app: string, obj: KubeObject): string {
  const group = obj.apiVersion.includes('/') ? (obj.apiVersion.split('/')[0] ?? '') : '';
  return `${app}:${group}/${obj.kind}:${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Adds the tracking annotation (for the object's final namespace) to each decorated object. */
export function track(app: string, objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => ({
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [TRACKING_ID]: trackingId(app, o) } },
  }));
}

export const ownedBy =
  (app: string) =>
  (live: KubeObject): boolean =>
    live.metadata.annotations?.[TRACKING_ID]?.startsWith(`${app}:`) === true;

/** The objects an Application's status lists as its own (what it synced last), to prune from. */
export function inventory(status: Fields | undefined): ObjectRef[] {
  const list = Array.isArray(status?.resources) ? (status.resources as Fields[]) : [];
  return list
    .filter((r) => typeof r.kind === 'string' && typeof r.name === 'string' && typeof r.version === 'string')
    .map((r) => ({
      apiVersion: r.group ? `${r.group}/${r.version}` : String(r.version),
      kind: String(r.kind),
      ...(typeof r.namespace === 'string' && r.namespace ? { namespace: r.namespace } : {}),
      name: String(r.name),
    }))
    .filter((r) => defOf({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name } }));
}

/** A manual sync a client asked for by setting `operation` (what `argocd app sync` writes). */
export function requested(app: KubeObject): { revision?: string; prune: boolean } | undefined {
  const op = app.operation as Fields | undefined;
  if (typeof op !== 'object' || op === null || typeof op.sync !== 'object' || op.sync === null) return undefined;
  const revision = text(op.sync.revision);
  return { ...(revision ? { revision } : {}), prune: op.sync.prune === true };
}
