// Argo CD: which Application manages a workload, from its tracking-id annotation or its instance label.
import type { ArgoApplication, ArgoSource, KubeClient } from '../kube/index.js';
import { read, workloadLabel } from './manager-read.js';
import type { ArgoSourceRef, Manager, ManagerLookup, WorkloadMarkers } from './manager-types.js';

export const TRACKING_ID = 'argocd.argoproj.io/tracking-id';
/** The label Argo CD's label tracking writes when configured with `application.instanceLabelKey` set to it. */
export const ARGO_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
/** Argo CD's default tracking label, which Helm charts also set to the release name: trusted only if the app exists. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

const GROUPS: Record<string, string> = {
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Pod: '',
};

interface AppName {
  /** Set when the id names it (`<namespace>_<name>`, apps in any namespace); else the control plane's. */
  namespace?: string;
  name: string;
}

/** `<app>` or `<appNamespace>_<app>`: Application names are DNS names, so `_` only ever separates the two. */
export function parseAppName(value: string): AppName | undefined {
  const m = /^(?:([a-z0-9][a-z0-9-]*)_)?([a-z0-9][a-z0-9.-]*)$/.exec(value);
  if (!m?.[2]) return undefined;
  return m[1] ? { namespace: m[1], name: m[2] } : { name: m[2] };
}

/**
 * The app a tracking id `<app>:<group>/<kind>:<namespace>/<name>` names, if the id is about this very object. Argo
 * CD itself ignores an id that names another object (a manifest copied with `kubectl get -o yaml`), and so do we.
 */
export function parseTrackingId(id: string, w: WorkloadMarkers): AppName | undefined {
  const m = /^([^:]+):([^/:]*)\/([^/:]+):([^/:]*)\/([^/:]+)$/.exec(id.trim());
  if (!m) return undefined;
  const [, app = '', group, kind, namespace, name] = m;
  const expectedGroup = GROUPS[w.kind];
  if (kind !== w.kind || namespace !== w.namespace || name !== w.name) return undefined;
  if (expectedGroup !== undefined && group !== expectedGroup) return undefined;
  return parseAppName(app);
}

function toSource(s: ArgoSource): ArgoSourceRef {
  const { repoURL, path, targetRevision, chart, ref } = s;
  return {
    repoURL,
    ...(path !== undefined && { path }),
    ...(targetRevision !== undefined && { targetRevision }),
    ...(chart !== undefined && { chart }),
    ...(ref !== undefined && { ref }),
  };
}

export function argoManager(app: ArgoApplication): Manager {
  const spec = app.spec;
  // Argo CD ignores `source` when `sources` is set.
  const sources = (spec.sources?.length ? spec.sources : spec.source ? [spec.source] : []).map(toSource);
  const automated = spec.syncPolicy?.automated;
  const autoSync = automated !== undefined && automated.enabled !== false;
  const [only] = sources;
  return {
    kind: 'argocd',
    app: { namespace: app.metadata.namespace, name: app.metadata.name },
    ...(sources.length === 1 && only && { source: only }),
    sources,
    autoSync,
    selfHeal: autoSync && automated?.selfHeal === true,
  };
}

/** The first of `namespaces` holding the app; missing when none does; unknown when one could not be read. */
async function findApp(kube: KubeClient, app: AppName, namespaces: string[]): Promise<ManagerLookup | undefined> {
  const problems: { reason: string; transient: boolean }[] = [];
  for (const namespace of app.namespace ? [app.namespace] : namespaces) {
    const r = await read(() => kube.getArgoApplication(namespace, app.name));
    if ('found' in r) return { status: 'managed', manager: argoManager(r.found) };
    if ('unreadable' in r) problems.push({ reason: r.unreadable, transient: r.transient });
  }
  const [first] = problems;
  if (first) return { status: 'unknown', reason: first.reason, transient: problems.every((p) => p.transient) };
  return undefined;
}

const where = (app: AppName, namespaces: string[]): string =>
  app.namespace ? `${app.namespace}/${app.name}` : `${app.name} (looked in ${namespaces.join(', ')})`;

/**
 * Argo CD's answer for a workload: managed, unknown (named but not readable, or named and absent), or undefined when
 * nothing about the workload says Argo CD (an instance label whose Application does not exist says nothing).
 */
export async function detectArgo(
  kube: KubeClient,
  w: WorkloadMarkers,
  namespaces: string[],
): Promise<ManagerLookup | undefined> {
  const trackingId = w.annotations?.[TRACKING_ID];
  const argoLabel = w.labels?.[ARGO_INSTANCE_LABEL];
  const named =
    (trackingId !== undefined ? parseTrackingId(trackingId, w) : undefined) ??
    (argoLabel !== undefined ? parseAppName(argoLabel) : undefined);
  if (named) {
    const found = await findApp(kube, named, namespaces);
    return (
      found ?? {
        status: 'unknown',
        reason: `${workloadLabel(w)} is marked as tracked by the Argo CD app ${where(named, namespaces)}, which does not exist: it may be left over from a deleted app, or the app lives in a namespace not listed in argoNamespaces`,
      }
    );
  }
  const instance = w.labels?.[INSTANCE_LABEL];
  const candidate = instance !== undefined ? parseAppName(instance) : undefined;
  return candidate ? findApp(kube, candidate, namespaces) : undefined;
}
