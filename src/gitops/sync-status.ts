// Which commit a GitOps controller reports as applied: Argo CD's `status.sync.revision` (or, for a multi-source
// app, `revisions`), Flux's `status.lastAppliedRevision` ("main@sha1:<sha>"). Only a synced app counts for Argo CD.
import type { WorkloadManager } from '../core/index.js';
import type { KubeClient } from '../kube/index.js';

export async function syncedRevision(
  kube: Pick<KubeClient, 'getArgoApplication' | 'getFluxKustomization'>,
  manager: Pick<WorkloadManager, 'kind' | 'namespace' | 'name'>,
): Promise<string | undefined> {
  if (manager.kind === 'argocd') {
    const app = await kube.getArgoApplication(manager.namespace, manager.name);
    const sync = app.status?.sync;
    if (sync?.status !== 'Synced') return undefined;
    return sync.revision ?? sync.revisions?.join(',') ?? undefined;
  }
  if (manager.kind === 'flux-kustomization') {
    const ks = await kube.getFluxKustomization(manager.namespace, manager.name);
    return ks.status?.lastAppliedRevision ?? undefined;
  }
  return undefined;
}
