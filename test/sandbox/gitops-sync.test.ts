// The sandbox's GitOps controller against a real bare git repository (file://), rendered by the real
// `kubectl kustomize`, with live changes made through the real client-node and kubectl.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoRollout,
  crashLoop,
  type GitOpsSync,
  type KubeObject,
  type Sandbox,
  type SyncEvent,
  startGitOpsSync,
  startSandbox,
} from '../../src/sandbox/index.js';
import { waitFor } from '../helpers/wait.js';

let root: string;
let sb: Sandbox;
let sync: GitOpsSync | undefined;
let stopRollouts: () => void;

const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await execa('git', args, {
    env: { ...GIT_ENV, HOME: root },
    extendEnv: false,
    ...(cwd ? { cwd } : {}),
  });
  return stdout.trim();
}

/** A bare repository on disk, changed by commits from a work tree as a merged pull request would change it. */
interface Repo {
  url: string;
  commit(files: Record<string, string | null>, message: string): Promise<string>;
}

async function bareRepo(name: string): Promise<Repo> {
  const bare = join(root, `${name}.git`);
  const work = join(root, `${name}-work`);
  await git(['init', '-q', '--bare', '-b', 'main', bare]);
  await git(['init', '-q', '-b', 'main', work]);
  return {
    url: `file://${bare}`,
    async commit(files, message) {
      for (const [path, content] of Object.entries(files)) {
        const file = join(work, path);
        if (content === null) await rm(file, { force: true });
        else {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
        }
      }
      await git(['add', '-A'], work);
      await git(['commit', '-q', '-m', message], work);
      await git(['push', '-q', bare, 'HEAD:refs/heads/main'], work);
      return git(['rev-parse', 'HEAD'], work);
    },
  };
}

const deploymentYaml = (memory: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api}
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1.4
          resources:
            limits: {memory: ${memory}}
`;

const apiFiles = (memory: string): Record<string, string> => ({
  'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/api/deployment.yaml': deploymentYaml(memory),
});

function application(name: string, repoURL: string, path: string, syncPolicy: object | undefined): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL, path, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      ...(syncPolicy ? { syncPolicy } : {}),
    },
  };
}

const limitOf = (o: KubeObject | undefined): unknown =>
  (o?.spec as any)?.template?.spec?.containers?.[0]?.resources?.limits?.memory;
const podLimits = (sandbox: Sandbox): [unknown, unknown][] =>
  sandbox.cluster
    .list('Pod', 'shop')
    .map((p) => [(p.spec as any).containers[0].resources?.limits?.memory, p.status?.phase]);
const app = (name: string): any => sb.cluster.get('Application', 'argocd', name);
const eventsOf = (kind: SyncEvent['kind']): SyncEvent[] => sync?.events.filter((e) => e.kind === kind) ?? [];

async function kubectl(args: string[]): Promise<string> {
  const home = await mkdtemp(join(root, 'kubectl-home-'));
  const config = join(home, 'kubeconfig');
  sb.writeKubeconfig(config);
  const { stdout } = await execa('kubectl', ['--kubeconfig', config, ...args], {
    env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    extendEnv: false,
    timeout: 30_000,
  });
  return stdout;
}

/** Patches the Deployment's memory limit through the API, as a person with kubectl access would. */
async function livePatch(memory: string): Promise<void> {
  await sb
    .kubeConfig()
    .makeApiClient(AppsV1Api)
    .patchNamespacedDeployment(
      {
        namespace: 'shop',
        name: 'api',
        body: { spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory } } }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gitops-sync-test-'));
  sb = await startSandbox();
  sb.cluster.createNamespace('argocd');
  sb.cluster.createNamespace('shop');
  // The Deployment controller, for changes made through the API (the live patch rolls the pods too).
  stopRollouts = autoRollout(sb.cluster);
});

afterEach(async () => {
  stopRollouts();
  await sync?.stop();
  sync = undefined;
  await sb.stop();
  await rm(root, { recursive: true, force: true });
});

describe('Argo CD Applications', () => {
  it('syncs the head, rolls a merged change out, and self-heals a live patch', async () => {
    const repo = await bareRepo('manifests');
    const first = await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: { prune: true, selfHeal: true } }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });

    await sync.tick();

    const deploy = sb.cluster.get('Deployment', 'shop', 'api');
    expect(deploy?.metadata.annotations?.['argocd.argoproj.io/tracking-id']).toBe('api:apps/Deployment:shop/api');
    expect(deploy?.metadata.labels?.['app.kubernetes.io/instance']).toBe('api');
    expect(podLimits(sb)).toEqual([
      ['64Mi', 'Running'],
      ['64Mi', 'Running'],
    ]);
    const seen = (await sb.kubeConfig().makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argocd',
      plural: 'applications',
      name: 'api',
    })) as any;
    expect(seen.status).toMatchObject({
      sync: { status: 'Synced', revision: first },
      health: { status: 'Healthy' },
      operationState: { phase: 'Succeeded', syncResult: { revision: first } },
    });
    const oldPods = sb.cluster.list('Pod', 'shop').map((p) => p.metadata.name);

    const second = await repo.commit({ 'apps/api/deployment.yaml': deploymentYaml('256Mi') }, 'api: 256Mi');
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('256Mi');
    expect(podLimits(sb)).toEqual([
      ['256Mi', 'Running'],
      ['256Mi', 'Running'],
    ]);
    expect(sb.cluster.list('Pod', 'shop').some((p) => oldPods.includes(p.metadata.name))).toBe(false);
    expect(app('api').status).toMatchObject({
      sync: { status: 'Synced', revision: second },
      operationState: { phase: 'Succeeded', syncResult: { revision: second } },
    });
    expect(eventsOf('synced').map((e) => (e as any).revision)).toEqual([first, second]);

    await livePatch('512Mi');
    await waitFor(() => podLimits(sb).every(([m]) => m === '512Mi'), { what: 'the live patch to roll out' });
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('256Mi');
    expect(podLimits(sb)).toEqual([
      ['256Mi', 'Running'],
      ['256Mi', 'Running'],
    ]);
    expect(eventsOf('selfHeal')).toMatchObject([
      {
        app: { kind: 'Application', namespace: 'argocd', name: 'api' },
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
        revision: second,
      },
    ]);
    expect(app('api').status.sync.status).toBe('Synced');
    const recorded = await sb
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: 'argocd', fieldSelector: 'involvedObject.name=api' });
    expect(recorded.items.map((e) => e.message)).toContain(`Sync operation to ${second} succeeded`);
  });

  it('without selfHeal reports a live patch as OutOfSync and leaves it, until a manual sync', async () => {
    const repo = await bareRepo('manifests');
    const head = await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: {} }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });
    await sync.tick();

    await kubectl(['-n', 'shop', 'set', 'resources', 'deployment/api', '-c', 'api', '--limits=memory=512Mi']);
    await sync.tick();
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('512Mi');
    expect(app('api').status.sync).toMatchObject({ status: 'OutOfSync', revision: head });
    expect(app('api').status.resources).toContainEqual(
      expect.objectContaining({ kind: 'Deployment', name: 'api', status: 'OutOfSync' }),
    );
    expect(eventsOf('outOfSync')).toHaveLength(1);
    expect(eventsOf('selfHeal')).toEqual([]);

    await sync.sync('argocd', 'api');

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('64Mi');
    expect(app('api').status.sync.status).toBe('Synced');
  });

  it('without automated sync leaves new commits to a manual sync', async () => {
    const repo = await bareRepo('manifests');
    const first = await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(application('api', repo.url, 'apps/api', undefined));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });

    await sync.tick();

    expect(sb.cluster.get('Deployment', 'shop', 'api')).toBeUndefined();
    expect(app('api').status).toMatchObject({
      sync: { status: 'OutOfSync', revision: first },
      health: { status: 'Missing' },
    });

    await sync.sync('argocd', 'api');
    const second = await repo.commit({ 'apps/api/deployment.yaml': deploymentYaml('256Mi') }, 'api: 256Mi');
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('64Mi');
    expect(app('api').status).toMatchObject({
      sync: { status: 'OutOfSync', revision: second },
      operationState: { syncResult: { revision: first } },
    });

    // What `argocd app sync` does: it sets `operation` on the Application.
    sb.cluster.update('Application', 'argocd', 'api', (o) => {
      o.operation = { sync: { revision: 'main' }, initiatedBy: { username: 'dev' } };
    });
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('256Mi');
    expect(app('api').status.sync).toMatchObject({ status: 'Synced', revision: second });
    expect(app('api').operation).toBeUndefined();
  });

  it('reports a broken kustomization and an unreachable repository, and syncs the other Applications', async () => {
    const repo = await bareRepo('manifests');
    await repo.commit(
      { ...apiFiles('64Mi'), 'apps/broken/kustomization.yaml': 'resources:\n  - missing.yaml\n' },
      'add a broken app',
    );
    sb.cluster.apply(application('broken', repo.url, 'apps/broken', { automated: { selfHeal: true } }));
    sb.cluster.apply(application('gone', `file://${join(root, 'nowhere.git')}`, 'apps/api', { automated: {} }));
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: { selfHeal: true } }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });

    await sync.tick();
    await sync.tick();

    expect(app('broken').status.sync.status).toBe('Unknown');
    expect(app('broken').status.conditions).toEqual([
      expect.objectContaining({ type: 'ComparisonError', message: expect.stringContaining('missing.yaml') }),
    ]);
    expect(app('gone').status.conditions[0].message).toContain('does not appear to be a git repository');
    expect(app('api').status.sync.status).toBe('Synced');
    expect(eventsOf('error').map((e) => [e.app.name, (e as any).stage])).toEqual([
      ['broken', 'render'],
      ['gone', 'source'],
    ]);

    const fixed = await repo.commit({ 'apps/broken/kustomization.yaml': 'resources: []\n' }, 'fix the broken app');
    await sync.tick();

    expect(app('broken').status.conditions).toBeUndefined();
    expect(app('broken').status.sync).toMatchObject({ status: 'Synced', revision: fixed });
  });

  it('keeps credentials in repository URLs out of its statuses', async () => {
    sb.cluster.apply(
      application('private', 'http://dev:s3cr3t-token@127.0.0.1:1/shop.git', 'apps/api', { automated: {} }),
    );
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0, gitEnv: { GIT_HTTP_LOW_SPEED_TIME: '5' } });

    await sync.tick();

    const message = app('private').status.conditions[0].message as string;
    expect(message).toContain('127.0.0.1');
    expect(message).not.toContain('s3cr3t-token');
  });

  it('syncs on its own every interval', async () => {
    const repo = await bareRepo('manifests');
    const head = await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: {} }));

    sync = await startGitOpsSync(sb.cluster, { intervalMs: 20 });

    await waitFor(() => app('api')?.status?.sync?.revision === head && app('api').status.sync.status === 'Synced', {
      what: 'the Application to be synced by the timer',
    });
    expect(sb.cluster.list('Pod', 'shop')).toHaveLength(2);
  });
});

describe('Flux Kustomizations', () => {
  const gitRepository = (url: string): KubeObject => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'manifests', namespace: 'flux-system' },
    spec: { url, interval: '1m', ref: { branch: 'main' } },
  });
  const kustomization = (path: string, extra: object = {}): KubeObject => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'api', namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path,
      prune: true,
      targetNamespace: 'shop',
      sourceRef: { kind: 'GitRepository', name: 'manifests' },
      ...extra,
    },
  });
  const ks = (): any => sb.cluster.get('Kustomization', 'flux-system', 'api');

  it('applies the artifact, records lastAppliedRevision, reverts drift and prunes', async () => {
    const repo = await bareRepo('manifests');
    const first = await repo.commit(
      {
        ...apiFiles('64Mi'),
        'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - config.yaml\n',
        'apps/api/config.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config}\ndata: {LOG_LEVEL: info}\n',
      },
      'api with config',
    );
    sb.cluster.apply(gitRepository(repo.url));
    sb.cluster.apply(kustomization('./apps/api'));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });

    await sync.tick();

    const deploy = sb.cluster.get('Deployment', 'shop', 'api');
    expect(deploy?.metadata.labels).toMatchObject({
      'kustomize.toolkit.fluxcd.io/name': 'api',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    expect(sb.cluster.get('GitRepository', 'flux-system', 'manifests')?.status?.artifact?.revision).toBe(
      `main@sha1:${first}`,
    );
    expect(ks().status).toMatchObject({
      lastAppliedRevision: `main@sha1:${first}`,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }],
    });
    expect(podLimits(sb)).toEqual([
      ['64Mi', 'Running'],
      ['64Mi', 'Running'],
    ]);

    await livePatch('512Mi');
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('64Mi');
    expect(eventsOf('selfHeal')).toMatchObject([
      { app: { kind: 'Kustomization', name: 'api' }, object: { kind: 'Deployment', name: 'api' } },
    ]);

    const second = await repo.commit(
      { 'apps/api/config.yaml': null, 'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n' },
      'drop the config',
    );
    await sync.tick();

    expect(sb.cluster.get('ConfigMap', 'shop', 'api-config')).toBeUndefined();
    expect(ks().status.lastAppliedRevision).toBe(`main@sha1:${second}`);
    expect(eventsOf('synced').at(-1)).toMatchObject({ pruned: [{ kind: 'ConfigMap', name: 'api-config' }] });
  });

  it('leaves drift alone while suspended, and reports a failing build as not Ready', async () => {
    const repo = await bareRepo('manifests');
    const first = await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(gitRepository(repo.url));
    sb.cluster.apply(kustomization('./apps/api'));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });
    await sync.tick();
    sb.cluster.update('Kustomization', 'flux-system', 'api', (o) => {
      o.spec = { ...o.spec, suspend: true };
    });

    await livePatch('512Mi');
    await sync.tick();

    expect(limitOf(sb.cluster.get('Deployment', 'shop', 'api'))).toBe('512Mi');

    await repo.commit({ 'apps/api/kustomization.yaml': 'resources: [deployment.yaml, nope.yaml]\n' }, 'break it');
    sb.cluster.update('Kustomization', 'flux-system', 'api', (o) => {
      o.spec = { ...o.spec, suspend: false };
    });
    await sync.tick();

    expect(ks().status).toMatchObject({
      lastAppliedRevision: `main@sha1:${first}`,
      conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }],
    });
    expect(ks().status.conditions[0].message).toContain('nope.yaml');
    expect(eventsOf('error')).toMatchObject([{ app: { kind: 'Kustomization', name: 'api' }, stage: 'render' }]);
  });
});

describe('applying as kubectl apply does', () => {
  const withEnv = (env: string, labels: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {${labels}}
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1.4
          env: [${env}]
`;

  it('removes what a new commit drops and keeps what the manifests never set', async () => {
    const repo = await bareRepo('manifests');
    await repo.commit(
      {
        'apps/api/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'apps/api/deployment.yaml': withEnv('{name: FOO, value: "1"}, {name: BAR, value: "2"}', 'app: api, team: a'),
      },
      'api',
    );
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: { selfHeal: true } }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });
    await sync.tick();
    await sb
      .kubeConfig()
      .makeApiClient(AppsV1Api)
      .patchNamespacedDeploymentScale(
        { namespace: 'shop', name: 'api', body: { spec: { replicas: 3 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );

    await repo.commit({ 'apps/api/deployment.yaml': withEnv('{name: FOO, value: "1"}', 'app: api') }, 'drop BAR');
    await sync.tick();

    const deploy = sb.cluster.get('Deployment', 'shop', 'api') as any;
    expect(deploy.spec.template.spec.containers[0].env).toEqual([{ name: 'FOO', value: '1' }]);
    expect(deploy.metadata.labels.team).toBeUndefined();
    expect(deploy.spec.replicas).toBe(3);
    expect(eventsOf('selfHeal')).toEqual([]);
    expect(app('api').status.sync.status).toBe('Synced');
  });

  it('fails the sync on a field the API does not know, as strict validation does', async () => {
    const repo = await bareRepo('manifests');
    const head = await repo.commit(
      {
        'apps/api/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'apps/api/deployment.yaml': deploymentYaml('64Mi').replace('resources:', 'resource:'),
      },
      'typo',
    );
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: {} }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });

    await sync.tick();
    await sync.tick();

    expect(sb.cluster.get('Deployment', 'shop', 'api')).toBeUndefined();
    expect(app('api').status.operationState).toMatchObject({
      phase: 'Failed',
      syncResult: { revision: head },
      message: expect.stringContaining(
        'strict decoding error: unknown field "spec.template.spec.containers[0].resource"',
      ),
    });
    expect(eventsOf('error')).toMatchObject([{ stage: 'apply', revision: head }]);
  });

  it('reports the Application Degraded when the synced pods crash', async () => {
    const repo = await bareRepo('manifests');
    await repo.commit(apiFiles('64Mi'), 'api: 64Mi');
    sb.cluster.apply(application('api', repo.url, 'apps/api', { automated: { selfHeal: true } }));
    sync = await startGitOpsSync(sb.cluster, { intervalMs: 0 });
    await sync.tick();

    const pod = sb.cluster.list('Pod', 'shop')[0];
    crashLoop(sb.cluster, 'shop', pod?.metadata.name ?? '', { reason: 'OOMKilled' });
    await sync.tick();

    expect(app('api').status.health.status).toBe('Degraded');
    expect(app('api').status.sync.status).toBe('Synced');
  });
});
