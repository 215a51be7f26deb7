// The PR path end to end, with real parts: an Argo CD-managed Deployment (the sandbox's controller syncs it from a
// repository on the local smart-HTTP git server, rendering with the real kubectl kustomize) is OOMKilled; the OOM
// runbook plans in a real clone and proposes a repository edit; Approve pushes a branch with the real git and opens a
// pull request through @octokit/rest on the GitHub fake (every request and answer checked against GitHub's
// OpenAPI description); the PR is merged; the controller syncs the merge commit; the fix is verified. A live patch
// of the same self-healed app is reverted at the next sync.
import { afterEach, describe, expect, it } from 'vitest';
import { GitOps } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import type { DecideDeps } from '../../src/remediation/decide/index.js';
import { createDecisionService, trackPullRequests } from '../../src/remediation/index.js';
import { diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import {
  type GitOpsSync,
  type LocalForge,
  parseQuantity,
  simulate,
  startGitOpsSync,
  startLocalForge,
} from '../../src/sandbox/index.js';
import { fixerConfig } from '../fixer/diagnoser/setup.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'ghp_prFlowTokenForTheLocalForge0000000000';
const REPO = 'shop/manifests';
const NEEDS = 100 * 2 ** 20;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:2.4.0
          resources:
            requests:
              memory: 64Mi
            # Sized for the old dataset.
            limits:
              memory: 64Mi
`;

let h: Harness | undefined;
let forge: LocalForge | undefined;
let sync: GitOpsSync | undefined;
let stopSim: (() => void) | undefined;

afterEach(async () => {
  stopSim?.();
  await sync?.stop();
  await h?.detector.stop();
  await forge?.stop();
  await h?.close();
  h = forge = sync = stopSim = undefined;
});

async function stage(selfHeal: boolean) {
  h = await startHarness();
  const cluster = h.sandbox.cluster;
  forge = await startLocalForge({
    token: TOKEN,
    repos: {
      [REPO]: {
        'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
        'apps/api/deployment.yaml': DEPLOYMENT,
      },
    },
  });
  for (const ns of ['shop', 'argocd', 'clopus']) cluster.createNamespace(ns);
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'clopus-git-token', namespace: 'clopus' },
    data: { token: Buffer.from(TOKEN).toString('base64') },
  });
  cluster.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop-api', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: forge.url(REPO), path: 'apps/api', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      syncPolicy: { automated: { prune: true, selfHeal } },
    },
  });
  // The pods live or die by the memory limit, as the cache in the demo does.
  stopSim = simulate(cluster, [
    {
      namespace: 'shop',
      labels: { app: 'api' },
      container: 'api',
      start: ({ container }) => {
        const limit = parseQuantity(container.resources?.limits?.memory);
        return limit !== undefined && limit < NEEDS ? { ok: false, cause: 'oom', log: 'loading…\n' } : { ok: true };
      },
    },
  ]);
  sync = await startGitOpsSync(cluster, {
    intervalMs: 0,
    rollout: false,
    gitEnv: {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Bearer ${TOKEN}`,
    },
  });
  await sync.tick();
  const gitops = {
    config: GitOps.parse({
      repositories: [{ url: forge.url(REPO), tokenSecret: { name: 'clopus-git-token' }, apiUrl: forge.github.url }],
      dashboardUrl: 'http://clopus.example.test',
    }),
    namespace: 'clopus',
  };
  const config = fixerConfig({ CLOPUS_VERIFY_WINDOW_SECONDS: '1' });
  const deps: DecideDeps = { store: h.store, kube: h.kube, config, logger: silentLogger(), verifyPollMs: 100, gitops };
  const limit = () =>
    cluster.get('Deployment', 'shop', 'api')?.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory as
      | string
      | undefined;
  return { cluster, gitops, config, deps, limit };
}

describe('a GitOps-managed OOMKilled Deployment', () => {
  it('goes incident → repo diff and rendered diff → Approve → PR → merged → synced → verified', async () => {
    const { gitops, config, deps, limit } = await stage(true);
    expect(limit()).toBe('64Mi');
    await h!.detector.start();
    const incident = await waitFor(
      () =>
        h!.store.listIncidents({ namespace: 'shop', limit: 1, offset: 0 }).items.find((i) => i.reason === 'OOMKilled'),
      { what: 'the detector to file an OOMKilled incident', timeoutMs: 20_000 },
    );
    await h!.detector.idle();

    const outcome = await diagnoseIncident(
      {
        store: h!.store,
        kube: fixerKube(h!.kube),
        config,
        logger: silentLogger(),
        gitops: { ...gitops, kube: h!.kube },
      },
      incident.id,
    );
    expect(outcome).toMatchObject({ outcome: 'proposed' });
    expect(h!.store.getIncident(incident.id)?.manager).toMatchObject({
      kind: 'argocd',
      namespace: 'argocd',
      name: 'shop-api',
      selfHeal: true,
    });
    const record = h!.store.latestProposal(incident.id)!;
    expect((record.actions as Array<{ type: string; path: string }>).map((a) => [a.type, a.path])).toEqual([
      ['edit_repo_file', 'apps/api/deployment.yaml'],
    ]);
    // The reviewer sees the file diff (the comment kept) and the rendered object's diff.
    expect(record.diff).toContain('-              memory: 64Mi');
    expect(record.diff).toContain('+              memory: 128Mi');
    expect(record.diff).toContain('# Sized for the old dataset.');
    expect(record.delivery).toMatchObject({ kind: 'pull_request', base: 'main', sourcePath: 'apps/api' });

    const approved = await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli');
    expect(approved).toMatchObject({ ok: true, outcome: 'pr_opened', state: 'pr_open' });
    const [pull] = forge!.github.pulls(REPO);
    expect(pull).toMatchObject({ number: 1, head: `clopus/incident-${incident.id}`, base: 'main', state: 'open' });
    expect(pull!.body).toContain('http://clopus.example.test/incidents/');
    expect(approved.message).toContain(forge!.github.htmlUrl(REPO, 1));
    const commit = await forge!.git.commit(`${REPO}.git`, `clopus/incident-${incident.id}`);
    expect(commit?.message).toContain(`incident ${incident.id}`);
    expect(commit?.message).toContain('Approved-by: cli:alice');
    // Nothing changed in the cluster yet: the fix waits for the merge.
    await sync!.tick();
    expect(limit()).toBe('64Mi');

    // An unchanged PR is polled with its ETag and answered 304.
    await trackPullRequests(deps);
    await trackPullRequests(deps);
    expect(forge!.github.requests.some((r) => r.status === 304)).toBe(true);
    expect(h!.store.getIncident(incident.id)?.state).toBe('pr_open');

    const mergeSha = await forge!.github.mergePull(REPO, 1, 'bob');
    await trackPullRequests(deps);
    expect(h!.store.getIncident(incident.id)?.state).toBe('syncing');
    expect(h!.store.latestPullRequest(incident.id)).toMatchObject({ state: 'merged', mergedBy: 'bob', mergeSha });

    await sync!.tick();
    expect(limit()).toBe('128Mi');
    const verified: number[] = [];
    await trackPullRequests(deps, { onApplied: (id) => verified.push(id) });
    expect(verified).toEqual([incident.id]);
    expect(h!.store.getIncident(incident.id)?.state).toBe('applied');
    const verdict = await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli');
    expect(verdict.outcome).toBe('already_decided');
    const { awaitVerdict } = await import('../../src/remediation/decide/await-verdict.js');
    const result = await awaitVerdict(deps, incident.id);
    expect(result).toMatchObject({ outcome: 'verified', state: 'verified' });
    expect(forge!.github.violations).toEqual([]);
    const trail = h!.store.auditTrail(incident.id).map((a) => `${a.actor} ${a.toState}`);
    expect(trail).toEqual(
      expect.arrayContaining(['cli:alice approved', 'cli:alice pr_open', 'github:bob syncing', 'fixer applied']),
    );
  }, 60_000);

  it('is reverted at the next sync when patched live, with self-heal on', async () => {
    const { cluster, limit } = await stage(true);
    cluster.update('Deployment', 'shop', 'api', (d) => {
      (d.spec as any).template.spec.containers[0].resources.limits.memory = '512Mi';
    });
    expect(limit()).toBe('512Mi');
    await sync!.tick();
    expect(limit()).toBe('64Mi');
    expect(sync!.events.some((e) => e.kind === 'selfHeal')).toBe(true);
  }, 30_000);

  it('returns to rejected, naming who closed it, when the PR is closed unmerged', async () => {
    const { gitops, config, deps } = await stage(true);
    await h!.detector.start();
    const incident = await waitFor(
      () =>
        h!.store.listIncidents({ namespace: 'shop', limit: 1, offset: 0 }).items.find((i) => i.reason === 'OOMKilled'),
      { what: 'an OOMKilled incident', timeoutMs: 20_000 },
    );
    await h!.detector.idle();
    await diagnoseIncident(
      {
        store: h!.store,
        kube: fixerKube(h!.kube),
        config,
        logger: silentLogger(),
        gitops: { ...gitops, kube: h!.kube },
      },
      incident.id,
    );
    expect((await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli')).outcome).toBe('pr_opened');
    await forge!.github.closePull(REPO, 1, 'carol');
    await trackPullRequests(deps);
    expect(h!.store.getIncident(incident.id)?.state).toBe('rejected');
    const closed = h!.store.auditTrail(incident.id).at(-1);
    expect(closed).toMatchObject({ actor: 'github:carol', action: 'pr_closed', toState: 'rejected' });
    expect(h!.store.latestProposal(incident.id)?.status).toBe('rejected');
  }, 60_000);
});
