// KubeClient's reads of Argo CD and Flux objects and of the git token Secret, against the sandbox: the fields the
// gitops module uses come back parsed, and a 403, 404 or malformed object is an error saying what to do.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClopusError } from '../../src/errors.js';
import { KubeClient } from '../../src/kube/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let kube: KubeClient;
const TOKEN = 'ghp_s3cretTokenValue0123456789abcdefABCD';

beforeAll(async () => {
  sandbox = await startSandbox();
  kube = new KubeClient(sandbox.kubeConfig());
  sandbox.cluster.createNamespace('argocd');
  // As `kubectl apply` leaves them (status written by the controllers), with fields Clopus does not read.
  sandbox.cluster.apply({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'apps', namespace: 'flux-system' },
    spec: {
      interval: '10m0s',
      path: './apps/production',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      timeout: '5m',
      wait: true,
    },
    status: {
      conditions: [
        {
          lastTransitionTime: '2026-11-02T10:00:00Z',
          message: 'Applied revision: main@sha1:5f3c0a1e9b7d2c4f6a8e0b1d3c5e7f9a1b3d5e7f',
          observedGeneration: 1,
          reason: 'ReconciliationSucceeded',
          status: 'True',
          type: 'Ready',
        },
      ],
      lastAppliedRevision: 'main@sha1:5f3c0a1e9b7d2c4f6a8e0b1d3c5e7f9a1b3d5e7f',
      lastAttemptedRevision: 'main@sha1:5f3c0a1e9b7d2c4f6a8e0b1d3c5e7f9a1b3d5e7f',
      inventory: { entries: [{ id: 'shop_api_apps_Deployment', v: 'v1' }] },
    },
  });
  sandbox.cluster.apply({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: {
      interval: '1m0s',
      ref: { branch: 'main' },
      secretRef: { name: 'flux-system' },
      url: 'https://github.com/example/fleet.git',
    },
    status: {
      artifact: {
        digest: 'sha256:0d4c',
        lastUpdateTime: '2026-11-02T10:00:00Z',
        path: 'gitrepository/flux-system/flux-system/5f3c0a1e.tar.gz',
        revision: 'main@sha1:5f3c0a1e9b7d2c4f6a8e0b1d3c5e7f9a1b3d5e7f',
        size: 53290,
        url: 'http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/flux-system/5f3c0a1e.tar.gz',
      },
    },
  });
  sandbox.cluster.apply({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'podinfo', namespace: 'shop' },
    spec: {
      interval: '10m',
      releaseName: 'podinfo',
      targetNamespace: 'shop',
      chart: {
        spec: {
          chart: 'podinfo',
          version: '6.5.*',
          sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' },
          interval: '10m',
        },
      },
      values: { replicaCount: 2 },
    },
    status: { lastAttemptedRevision: '6.5.4', history: [{ chartVersion: '6.5.4' }] },
  });
  sandbox.cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'clopus-git-token', namespace: 'clopus' },
    type: 'Opaque',
    data: { token: Buffer.from(TOKEN).toString('base64') },
  });
});

afterEach(() => sandbox.faults.clear());
afterAll(async () => {
  await sandbox.stop();
});

async function failure(p: Promise<unknown>): Promise<ClopusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ClopusError)) throw new Error(`expected a ClopusError, got ${String(err)}`);
  return err;
}

describe('Argo CD Applications', () => {
  it('reads an Application created over HTTP, with its sources, sync policy and status', async () => {
    const custom = sandbox.kubeConfig().makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argocd',
      plural: 'applications',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'shop-web', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
        spec: {
          project: 'default',
          sources: [
            {
              repoURL: 'https://charts.example.com',
              chart: 'shop-web',
              targetRevision: '1.4.2',
              helm: { valueFiles: ['$values/shop-web/values-prod.yaml'] },
            },
            { repoURL: 'https://github.com/example/values.git', targetRevision: 'main', ref: 'values' },
          ],
          destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
    });
    sandbox.cluster.update('Application', 'argocd', 'shop-web', (app) => {
      app.status = {
        sync: { status: 'Synced', revisions: ['1.4.2', '9c1d7e2b4a6f8c0e2d4b6a8f0c2e4d6b8a0f2c4e'] },
        health: { status: 'Healthy' },
        operationState: { phase: 'Succeeded', message: 'successfully synced (all tasks run)' },
        reconciledAt: '2026-11-02T10:00:00Z',
      };
    });

    const app = await kube.getArgoApplication('argocd', 'shop-web');

    expect(app.metadata).toMatchObject({ namespace: 'argocd', name: 'shop-web' });
    expect(app.spec.sources?.map((s) => [s.repoURL, s.chart, s.ref])).toEqual([
      ['https://charts.example.com', 'shop-web', undefined],
      ['https://github.com/example/values.git', undefined, 'values'],
    ]);
    expect(app.spec.sources?.[0]?.helm?.valueFiles).toEqual(['$values/shop-web/values-prod.yaml']);
    expect(app.spec.destination?.namespace).toBe('shop');
    expect(app.spec.syncPolicy?.automated).toMatchObject({ prune: true, selfHeal: true });
    expect(app.status?.sync?.revisions).toHaveLength(2);
    expect(app.status?.health?.status).toBe('Healthy');
    expect(app.status?.operationState?.phase).toBe('Succeeded');
  });

  it('reads a field written as null as absent (kubectl and Helm write `automated: null`)', async () => {
    sandbox.cluster.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'manual', namespace: 'argocd' },
      spec: {
        source: { repoURL: 'https://github.com/example/manifests.git', path: 'apps/manual', targetRevision: null },
        destination: { namespace: 'shop', server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: null },
      },
    });

    const app = await kube.getArgoApplication('argocd', 'manual');

    expect(app.spec.source).toMatchObject({ path: 'apps/manual' });
    expect(app.spec.source?.targetRevision).toBeUndefined();
    expect(app.spec.syncPolicy?.automated).toBeUndefined();
  });

  it('a missing Application is KUBE_NOT_FOUND', async () => {
    const err = await failure(kube.getArgoApplication('argocd', 'nope'));

    expect(err.code).toBe('KUBE_NOT_FOUND');
    expect(err.message).toContain('get Argo CD Application argocd/nope');
  });

  it('a 403 is KUBE_FORBIDDEN naming the grant, the refused user and the overlay that grants it', async () => {
    sandbox.faults.allowedNamespaces = ['shop'];

    const err = await failure(kube.getArgoApplication('argocd', 'shop-web'));

    expect(err.code).toBe('KUBE_FORBIDDEN');
    expect(err.message).toContain('Grant get on applications.argoproj.io in the namespace argocd');
    expect(err.message).toContain('system:serviceaccount:clopus:clopus');
    expect(err.message).toContain('k8s/overlays/gitops');
    expect(err.message).not.toContain('narrow the namespaces watched');
  });
});

describe('Flux objects', () => {
  it('reads a Kustomization, its GitRepository and a HelmRelease', async () => {
    const ks = await kube.getFluxKustomization('flux-system', 'apps');
    const repo = await kube.getFluxGitRepository('flux-system', 'flux-system');
    const hr = await kube.getFluxHelmRelease('shop', 'podinfo');

    expect(ks.spec).toMatchObject({
      path: './apps/production',
      prune: true,
      interval: '10m0s',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    });
    expect(ks.spec.suspend).toBeUndefined();
    expect(ks.status?.lastAppliedRevision).toBe('main@sha1:5f3c0a1e9b7d2c4f6a8e0b1d3c5e7f9a1b3d5e7f');
    expect(ks.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True' });
    expect(repo.spec).toMatchObject({
      url: 'https://github.com/example/fleet.git',
      ref: { branch: 'main' },
      secretRef: { name: 'flux-system' },
    });
    expect(repo.status?.artifact?.revision).toMatch(/^main@sha1:/);
    expect(hr.spec.chart?.spec).toMatchObject({ chart: 'podinfo', version: '6.5.*' });
    expect(hr.spec).toMatchObject({ releaseName: 'podinfo', targetNamespace: 'shop' });
    expect(hr.status?.lastAttemptedRevision).toBe('6.5.4');
  });

  it('an object missing what the gitops module needs is a KUBE_ERROR naming the field', async () => {
    sandbox.cluster.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'broken', namespace: 'flux-system' },
      spec: { interval: '10m', path: './apps' },
    });

    const err = await failure(kube.getFluxKustomization('flux-system', 'broken'));

    expect(err.code).toBe('KUBE_ERROR');
    expect(err.message).toContain('spec.sourceRef');
  });

  it.each([
    [
      'Kustomization',
      () => kube.getFluxKustomization('flux-system', 'apps'),
      'kustomizations.kustomize.toolkit.fluxcd.io',
    ],
    [
      'GitRepository',
      () => kube.getFluxGitRepository('flux-system', 'flux-system'),
      'gitrepositories.source.toolkit.fluxcd.io',
    ],
    ['HelmRelease', () => kube.getFluxHelmRelease('shop', 'podinfo'), 'helmreleases.helm.toolkit.fluxcd.io'],
  ])('a refused %s names its resource and the overlay', async (_, get, resource) => {
    sandbox.faults.allowedNamespaces = ['default'];

    const err = await failure(get());

    expect(err.code).toBe('KUBE_FORBIDDEN');
    expect(err.message).toContain(`Grant get on ${resource}`);
    expect(err.message).toContain('k8s/overlays/gitops');
  });
});

describe('readSecretKey', () => {
  it('returns the decoded value of the key', async () => {
    await expect(kube.readSecretKey('clopus', 'clopus-git-token', 'token')).resolves.toBe(TOKEN);
  });

  it.each([
    ['a missing key', 'clopus-git-token', 'password', 'has no key "password"'],
    ['a missing Secret', 'other-token', 'token', 'not found'],
  ])('%s is KUBE_NOT_FOUND, and the error holds no secret', async (_, name, key, says) => {
    const err = await failure(kube.readSecretKey('clopus', name, key));

    expect(err.code).toBe('KUBE_NOT_FOUND');
    expect(err.message).toContain(says);
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('a 403 names the one Secret to grant and where the overlay grants it', async () => {
    sandbox.faults.allowedNamespaces = ['shop'];

    const err = await failure(kube.readSecretKey('clopus', 'clopus-git-token', 'token'));

    expect(err.code).toBe('KUBE_FORBIDDEN');
    expect(err.message).toContain('Grant get on the Secret clopus-git-token');
    expect(err.message).toContain('k8s/overlays/gitops');
  });
});
