// Who manages a workload — Argo CD, Flux (a Kustomization or a HelmRelease), or Helm — read from the markers those
// tools leave on the objects they apply, and confirmed against the cluster where a marker alone proves nothing.
import type { KubeClient } from '../kube/index.js';
import { detectArgo, INSTANCE_LABEL } from './manager-argo.js';
import { detectFlux } from './manager-flux.js';
import type { DetectOptions, ManagerLookup, WorkloadMarkers } from './manager-types.js';

export { describeManager, livePatchReverted } from './manager-describe.js';
export { type PrTarget, prTarget, prTargetOrReason } from './manager-target.js';
export type * from './manager-types.js';

const HELM_RELEASE_NAME = 'meta.helm.sh/release-name';
const HELM_RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

function detectHelm(w: WorkloadMarkers): ManagerLookup | undefined {
  const name = w.annotations?.[HELM_RELEASE_NAME];
  const namespace = w.annotations?.[HELM_RELEASE_NAMESPACE];
  if (name && namespace) return { status: 'managed', manager: { kind: 'helm', release: { namespace, name } } };
  if (w.labels?.[MANAGED_BY] !== 'Helm') return undefined;
  // Charts conventionally set the instance label to the release name (and install into the release's namespace).
  const instance = w.labels[INSTANCE_LABEL];
  return {
    status: 'managed',
    manager: { kind: 'helm', release: { namespace: w.namespace, ...(instance && { name: instance }) } },
  };
}

/**
 * Who manages the workload. Argo CD wins over Flux, and Flux over Helm: an Argo CD app rendering a chart, or a
 * HelmRelease, leaves Helm's marks too. Never throws for what the cluster answers: a manager that is named but cannot
 * be read is `unknown`, with a reason saying what to grant or fix.
 */
export async function detectManager(
  kube: KubeClient,
  workload: WorkloadMarkers,
  opts: DetectOptions = {},
): Promise<ManagerLookup> {
  const argoNamespaces = opts.argoNamespaces?.length ? opts.argoNamespaces : ['argocd'];
  return (
    (await detectArgo(kube, workload, argoNamespaces)) ??
    (await detectFlux(kube, workload)) ??
    detectHelm(workload) ?? { status: 'none' }
  );
}
