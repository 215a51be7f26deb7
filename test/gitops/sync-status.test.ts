// The revision a GitOps controller reports as applied, read through the real client from real-shaped status: Argo
// CD's only while the app is Synced (an OutOfSync app has not applied what it names), Flux's lastAppliedRevision.
import { afterEach, describe, expect, it } from 'vitest';
import { syncedRevision } from '../../src/gitops/index.js';
import { KubeClient } from '../../src/kube/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const SHA = '3f1c9a7e2b4d6f8a0c1e3b5d7f9a1c3e5b7d9f1a';

describe('syncedRevision', () => {
  it("reads Argo CD's sync revision only while the app is Synced", async () => {
    sb = await startSandbox();
    sb.cluster.createNamespace('argocd');
    sb.cluster.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop-api', namespace: 'argocd' },
      spec: { source: { repoURL: 'https://github.com/shop/manifests', path: 'apps/api', targetRevision: 'main' } },
      status: { sync: { status: 'Synced', revision: SHA }, health: { status: 'Healthy' } },
    });
    const kube = new KubeClient(sb.kubeConfig());
    const app = { kind: 'argocd' as const, namespace: 'argocd', name: 'shop-api' };
    await expect(syncedRevision(kube, app)).resolves.toBe(SHA);

    sb.cluster.update('Application', 'argocd', 'shop-api', (a) => {
      (a.status as { sync: { status: string } }).sync.status = 'OutOfSync';
    });
    await expect(syncedRevision(kube, app)).resolves.toBeUndefined();
  });

  it("reads Flux's lastAppliedRevision in its branch@sha1: form", async () => {
    sb = await startSandbox();
    sb.cluster.createNamespace('flux-system');
    sb.cluster.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
      spec: { path: './apps', sourceRef: { kind: 'GitRepository', name: 'manifests' }, prune: true },
      status: { lastAppliedRevision: `main@sha1:${SHA}`, lastAttemptedRevision: `main@sha1:${SHA}` },
    });
    const kube = new KubeClient(sb.kubeConfig());
    const revision = await syncedRevision(kube, { kind: 'flux-kustomization', namespace: 'flux-system', name: 'apps' });
    expect(revision).toBe(`main@sha1:${SHA}`);
    expect(revision?.includes(SHA)).toBe(true);
  });
});
