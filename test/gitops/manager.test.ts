// Who manages a workload, read the way Clopus reads it: the workload through the real client, then the Argo CD or
// Flux objects its markers name, from the sandbox. Objects are shaped as Argo CD, Flux and Helm really leave them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describeManager,
  detectManager,
  livePatchReverted,
  type ManagerLookup,
  prTarget,
  prTargetOrReason,
} from '../../src/gitops/manager.js';
import { KubeClient } from '../../src/kube/index.js';
import { deployment, type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let kube: KubeClient;

const MANIFESTS = 'https://github.com/example/manifests.git';
const SHA = '9c1d7e2b4a6f8c0e2d4b6a8f0c2e4d6b8a0f2c4e';

beforeAll(async () => {
  sandbox = await startSandbox();
  kube = new KubeClient(sandbox.kubeConfig());
  for (const ns of ['argocd', 'flux-system', 'shop', 'team-a', 'gitops']) sandbox.cluster.createNamespace(ns);
  gitRepository('manifests', { branch: 'main' });
  kustomization('flux-system', 'apps', {
    path: './apps/production',
    sourceRef: { kind: 'GitRepository', name: 'manifests' },
  });
});

afterEach(() => sandbox.faults.clear());
afterAll(async () => {
  await sandbox.stop();
});

/** A Deployment in `shop` whose own metadata carries these labels and annotations (the pods' do not matter). */
async function lookup(
  name: string,
  meta: { labels?: Record<string, string>; annotations?: Record<string, string> },
  opts?: { argoNamespaces?: string[] },
): Promise<ManagerLookup> {
  deployment(sandbox.cluster, { namespace: 'shop', name });
  sandbox.cluster.update('Deployment', 'shop', name, (d) => {
    d.metadata.labels = { ...d.metadata.labels, ...meta.labels };
    d.metadata.annotations = { ...d.metadata.annotations, ...meta.annotations };
  });
  const live = await kube.getWorkload('Deployment', 'shop', name);
  return detectManager(
    kube,
    {
      namespace: 'shop',
      kind: 'Deployment',
      name,
      labels: live.metadata.labels as Record<string, string>,
      annotations: live.metadata.annotations as Record<string, string>,
    },
    opts,
  );
}

function managed(lookup: ManagerLookup) {
  if (lookup.status !== 'managed') throw new Error(`expected a manager, got ${JSON.stringify(lookup)}`);
  return lookup.manager;
}

function application(name: string, spec: Record<string, unknown>, namespace = 'argocd'): void {
  sandbox.cluster.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' }, ...spec },
    status: {
      sync: { status: 'Synced', revision: SHA },
      health: { status: 'Healthy' },
      operationState: { phase: 'Succeeded' },
    },
  });
}

const gitSource = (path: string, targetRevision = 'main') => ({ source: { repoURL: MANIFESTS, path, targetRevision } });
const selfHealing = {
  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
};
const tracking = (app: string, name: string) => ({
  'argocd.argoproj.io/tracking-id': `${app}:apps/Deployment:shop/${name}`,
});
/** What a chart's templates put on a workload, whoever renders it. */
const chartLabels = (instance: string) => ({
  'app.kubernetes.io/instance': instance,
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/name': 'api',
  'helm.sh/chart': 'api-1.4.2',
});

function kustomization(namespace: string, name: string, spec: Record<string, unknown>): void {
  sandbox.cluster.apply({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '10m0s', prune: true, timeout: '5m', ...spec },
    status: { lastAppliedRevision: `main@sha1:${SHA}`, lastAttemptedRevision: `main@sha1:${SHA}` },
  });
}

function gitRepository(name: string, ref: Record<string, string> | undefined): void {
  sandbox.cluster.apply({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '1m0s', url: MANIFESTS, secretRef: { name: 'flux-system' }, ...(ref && { ref }) },
    status: { artifact: { revision: `main@sha1:${SHA}` } },
  });
}

const fluxLabels = (namespace: string, name: string) => ({
  'kustomize.toolkit.fluxcd.io/name': name,
  'kustomize.toolkit.fluxcd.io/namespace': namespace,
});

describe('Argo CD', () => {
  it('reads the tracking-id annotation, and wins over the Helm labels of the chart the app renders', async () => {
    application('shop-api', { ...gitSource('apps/shop-api/overlays/prod'), ...selfHealing });

    const m = managed(
      await lookup('api', { labels: chartLabels('shop-api'), annotations: tracking('shop-api', 'api') }),
    );

    expect(m).toMatchObject({ kind: 'argocd', app: { namespace: 'argocd', name: 'shop-api' }, selfHeal: true });
    expect(describeManager(m)).toBe(
      'managed by Argo CD app argocd/shop-api, self-heal on: a live patch would be reverted at the next sync',
    );
    expect(livePatchReverted(m)).toBe(true);
    expect(prTarget(m)).toEqual({ repoURL: MANIFESTS, path: 'apps/shop-api/overlays/prod', ref: 'main' });
  });

  it('finds an app in any namespace from `<namespace>_<app>`, and says a manual sync is what undoes a patch', async () => {
    application('shop-api', gitSource('shop/api'), 'team-a');

    const m = managed(await lookup('api-team', { annotations: tracking('team-a_shop-api', 'api-team') }));

    expect(m).toMatchObject({ kind: 'argocd', app: { namespace: 'team-a', name: 'shop-api' }, autoSync: false });
    expect(describeManager(m)).toBe(
      'managed by Argo CD app team-a/shop-api (auto-sync off): a live patch lasts until the next manual sync',
    );
    expect(livePatchReverted(m)).toBe(false);
  });

  it('trusts the app.kubernetes.io/instance label when an Application of that name exists', async () => {
    application('web', { ...gitSource('apps/web'), syncPolicy: { automated: { prune: true } } });

    const m = managed(await lookup('web', { labels: chartLabels('web') }));

    expect(m).toMatchObject({ kind: 'argocd', app: { name: 'web' }, autoSync: true, selfHeal: false });
    expect(describeManager(m)).toBe(
      'managed by Argo CD app argocd/web (auto-sync on, self-heal off): a live patch lasts until the next change in git is synced',
    );
  });

  it('reads the argocd.argoproj.io/instance label, looking in the namespaces it is told Applications live in', async () => {
    application('billing', { ...gitSource('billing'), ...selfHealing }, 'gitops');

    const m = managed(
      await lookup('billing', { labels: { 'argocd.argoproj.io/instance': 'billing' } }, { argoNamespaces: ['gitops'] }),
    );

    expect(m).toMatchObject({ kind: 'argocd', app: { namespace: 'gitops', name: 'billing' } });
  });

  it('turns auto-sync off when `automated.enabled` is false, whatever selfHeal says', async () => {
    application('paused', { ...gitSource('paused'), syncPolicy: { automated: { enabled: false, selfHeal: true } } });

    const m = managed(await lookup('paused', { annotations: tracking('paused', 'paused') }));

    expect(m).toMatchObject({ autoSync: false, selfHeal: false });
  });

  it('wins over Flux labels on the same object (an app adopting what Flux used to apply)', async () => {
    application('adopted', { ...gitSource('adopted'), ...selfHealing });

    const m = managed(
      await lookup('adopted', {
        labels: fluxLabels('flux-system', 'apps'),
        annotations: tracking('adopted', 'adopted'),
      }),
    );

    expect(m).toMatchObject({ kind: 'argocd', app: { name: 'adopted' } });
  });

  it('an instance label with no Application of that name says nothing', async () => {
    await expect(lookup('lonely', { labels: { 'app.kubernetes.io/instance': 'lonely' } })).resolves.toEqual({
      status: 'none',
    });
  });

  it('ignores a tracking id that names another object (a manifest copied from elsewhere)', async () => {
    application('copied', gitSource('copied'));

    const lookedUp = await lookup('copy', {
      annotations: { 'argocd.argoproj.io/tracking-id': 'copied:apps/Deployment:staging/copy' },
    });

    expect(lookedUp).toEqual({ status: 'none' });
  });

  it('a tracking id naming an app that does not exist is unknown, and says so', async () => {
    const lookedUp = await lookup('orphan', { annotations: tracking('gone', 'orphan') });

    expect(lookedUp).toMatchObject({ status: 'unknown' });
    expect(lookedUp.status === 'unknown' && lookedUp.reason).toContain(
      'tracked by the Argo CD app gone (looked in argocd), which does not exist',
    );
  });

  it.each([
    ['the tracking id', { annotations: tracking('shop-api', 'guarded') }],
    ['only the instance label', { labels: { 'app.kubernetes.io/instance': 'shop-api' } }],
  ])('an Application it may not read (403) is unknown, naming the grant and the overlay: %s', async (_, meta) => {
    sandbox.faults.allowedNamespaces = ['shop'];

    const lookedUp = await lookup('guarded', meta);

    expect(lookedUp).toMatchObject({ status: 'unknown', transient: false });
    const reason = lookedUp.status === 'unknown' ? lookedUp.reason : '';
    expect(reason).toContain('forbidden');
    expect(reason).toContain('Grant get on applications.argoproj.io in the namespace argocd');
    expect(reason).toContain('kubectl apply -k k8s/overlays/gitops');
  });

  it('an API server that is unavailable gives a transient unknown, to ask again', async () => {
    sandbox.faults.inject({ path: /\/applications\/shop-api/, status: 503 });

    const lookedUp = await lookup('busy', { annotations: tracking('shop-api', 'busy') });

    expect(lookedUp).toMatchObject({ status: 'unknown', transient: true });
  });
});

describe('pull request targets of Argo CD apps', () => {
  it.each([
    [
      'a chart with values from a second source (`$values`)',
      {
        sources: [
          {
            repoURL: 'https://charts.example.com',
            chart: 'shop-web',
            targetRevision: '1.4.2',
            helm: { valueFiles: ['$values/shop-web/values-prod.yaml'] },
          },
          { repoURL: MANIFESTS, targetRevision: 'main', ref: 'values' },
        ],
      },
      'renders the Helm chart shop-web from https://charts.example.com',
    ],
    [
      'two sources that both render',
      {
        sources: [
          { repoURL: MANIFESTS, path: 'base' },
          { repoURL: 'https://github.com/example/extra.git', path: 'x' },
        ],
      },
      'renders 2 sources',
    ],
    [
      'a chart from a Helm repository',
      { source: { repoURL: 'https://charts.example.com', chart: 'api', targetRevision: '1.4.2' } },
      "the workload's manifest is not in git",
    ],
    ['a source pinned to a commit', gitSource('apps/pinned', SHA), `pinned to commit ${SHA}`],
  ])('none for %s, with the reason', async (_, spec, reason) => {
    const name = `t-${Math.random().toString(36).slice(2, 8)}`;
    application(name, spec);

    const m = managed(await lookup(name, { annotations: tracking(name, name) }));

    expect(prTarget(m)).toBeUndefined();
    expect(prTargetOrReason(m)).toEqual({ reason: expect.stringContaining(reason) });
  });

  it.each([
    [
      'one rendering git source beside a values-only one',
      {
        sources: [
          { repoURL: MANIFESTS, path: './apps/web/', targetRevision: 'release' },
          { repoURL: MANIFESTS, ref: 'values' },
        ],
      },
      { repoURL: MANIFESTS, path: 'apps/web', ref: 'release' },
    ],
    ['the repository root at HEAD (the default branch)', gitSource('.', 'HEAD'), { repoURL: MANIFESTS, path: '.' }],
  ])('the source for %s', async (_, spec, target) => {
    const name = `t-${Math.random().toString(36).slice(2, 8)}`;
    application(name, spec);

    const m = managed(await lookup(name, { annotations: tracking(name, name) }));

    expect(prTarget(m)).toEqual(target);
  });
});

describe('Flux', () => {
  it('follows the Kustomization labels to the Kustomization and its GitRepository', async () => {
    const m = managed(await lookup('cart', { labels: fluxLabels('flux-system', 'apps') }));

    expect(m).toMatchObject({
      kind: 'flux-kustomization',
      kustomization: { namespace: 'flux-system', name: 'apps' },
      source: { repoURL: MANIFESTS, path: 'apps/production', ref: 'main', refKind: 'branch' },
      selfHeal: true,
    });
    expect(describeManager(m)).toBe(
      'managed by Flux Kustomization flux-system/apps (source GitRepository flux-system/manifests): Flux reverts a live patch at its next reconcile',
    );
    expect(livePatchReverted(m)).toBe(true);
    expect(prTarget(m)).toEqual({ repoURL: MANIFESTS, path: 'apps/production', ref: 'main' });
  });

  it('a suspended Kustomization does not revert a patch until it is resumed', async () => {
    kustomization('flux-system', 'frozen', {
      path: './frozen',
      suspend: true,
      sourceRef: { kind: 'GitRepository', name: 'manifests' },
    });

    const m = managed(await lookup('frozen', { labels: fluxLabels('flux-system', 'frozen') }));

    expect(livePatchReverted(m)).toBe(false);
    expect(describeManager(m)).toContain('suspended: a live patch lasts until the Kustomization is resumed');
  });

  it.each([
    ['no ref (Flux follows master)', undefined, { ref: 'master' }],
    ['a branch given by ref name', { name: 'refs/heads/release' }, { ref: 'release' }],
    ['a tag', { tag: 'v1.2.0', branch: 'main' }, { reason: 'follows tag v1.2.0' }],
    ['a semver range', { semver: '>=1.0.0 <2.0.0' }, { reason: 'follows semver >=1.0.0 <2.0.0' }],
    ['a commit', { branch: 'main', commit: SHA }, { reason: `follows commit ${SHA}` }],
  ])('the pull request target of a GitRepository with %s', async (_, ref, expected) => {
    const name = `repo-${Math.random().toString(36).slice(2, 8)}`;
    gitRepository(name, ref);
    kustomization('flux-system', name, { path: './apps', sourceRef: { kind: 'GitRepository', name } });

    const m = managed(await lookup(name, { labels: fluxLabels('flux-system', name) }));

    if ('ref' in expected) expect(prTarget(m)).toEqual({ repoURL: MANIFESTS, path: 'apps', ref: expected.ref });
    else expect(prTargetOrReason(m)).toEqual({ reason: expect.stringContaining(expected.reason) });
  });

  it('a GitRepository it may not read leaves the manager known and says why there is no pull request target', async () => {
    kustomization('shop', 'shop-apps', {
      path: './shop',
      sourceRef: { kind: 'GitRepository', name: 'manifests', namespace: 'flux-system' },
    });
    sandbox.faults.allowedNamespaces = ['shop'];

    const m = managed(await lookup('till', { labels: fluxLabels('shop', 'shop-apps') }));

    expect(m).toMatchObject({ kind: 'flux-kustomization', selfHeal: true });
    expect(prTargetOrReason(m)).toEqual({
      reason: expect.stringContaining('Grant get on gitrepositories.source.toolkit.fluxcd.io'),
    });
  });

  it('a Kustomization sourced from an OCIRepository has no git repository to change', async () => {
    kustomization('flux-system', 'oci', { path: './', sourceRef: { kind: 'OCIRepository', name: 'podinfo' } });

    const m = managed(await lookup('oci', { labels: fluxLabels('flux-system', 'oci') }));

    expect(prTargetOrReason(m)).toEqual({ reason: expect.stringContaining('OCIRepository flux-system/podinfo') });
  });

  it('labels naming a Kustomization that does not exist are unknown', async () => {
    const lookedUp = await lookup('stale', { labels: fluxLabels('flux-system', 'deleted') });

    expect(lookedUp).toMatchObject({ status: 'unknown' });
    expect(lookedUp.status === 'unknown' && lookedUp.reason).toContain(
      'applied by the Flux Kustomization flux-system/deleted, which does not exist',
    );
  });

  it.each([
    [{ mode: 'enabled' }, true, 'drift detection on: Flux reverts a live patch at its next reconcile'],
    [undefined, false, 'drift detection off: a live patch lasts until the next upgrade of the release'],
  ])(
    'a HelmRelease (drift detection %j) wins over the Helm marks helm-controller leaves',
    async (drift, reverted, says) => {
      const name = `podinfo-${reverted ? 'drift' : 'plain'}`;
      sandbox.cluster.apply({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name, namespace: 'shop' },
        spec: {
          interval: '10m',
          chart: {
            spec: {
              chart: 'podinfo',
              version: '6.5.*',
              sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' },
            },
          },
          values: { replicaCount: 2 },
          ...(drift && { driftDetection: drift }),
        },
        status: { lastAttemptedRevision: '6.5.4' },
      });

      const m = managed(
        await lookup(name, {
          labels: {
            ...chartLabels(name),
            'helm.toolkit.fluxcd.io/name': name,
            'helm.toolkit.fluxcd.io/namespace': 'shop',
          },
          annotations: { 'meta.helm.sh/release-name': name, 'meta.helm.sh/release-namespace': 'shop' },
        }),
      );

      expect(m).toMatchObject({ kind: 'flux-helmrelease', release: { namespace: 'shop', name }, chart: 'podinfo' });
      expect(livePatchReverted(m)).toBe(reverted);
      expect(describeManager(m)).toBe(`managed by Flux HelmRelease shop/${name} (chart podinfo), ${says}`);
      expect(prTargetOrReason(m)).toEqual({ reason: expect.stringContaining('renders it from the chart podinfo') });
    },
  );
});

describe('Helm', () => {
  it('reads the release from the annotations Helm writes', async () => {
    const m = managed(
      await lookup('helm-api', {
        labels: chartLabels('api'),
        annotations: { 'meta.helm.sh/release-name': 'api', 'meta.helm.sh/release-namespace': 'shop' },
      }),
    );

    expect(m).toEqual({ kind: 'helm', release: { namespace: 'shop', name: 'api' } });
    expect(describeManager(m)).toBe(
      'installed by Helm release shop/api: a live patch lasts until the next helm upgrade',
    );
    expect(livePatchReverted(m)).toBe(false);
    expect(prTargetOrReason(m)).toEqual({ reason: expect.stringContaining('outside GitOps') });
  });

  it('falls back on the managed-by label, naming the release after the instance label', async () => {
    const m = managed(await lookup('helm-labelled', { labels: chartLabels('labelled') }));

    expect(m).toEqual({ kind: 'helm', release: { namespace: 'shop', name: 'labelled' } });
  });

  it('a workload without any marker is managed by nobody', async () => {
    await expect(lookup('plain', {})).resolves.toEqual({ status: 'none' });
  });
});
