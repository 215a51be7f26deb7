// The GitOps stage the PR tests share: a sandbox whose Argo CD app (shop/api, from `shop/manifests` on the local forge)
// is synced by the sandbox's GitOps controller and OOMKilled by the 64Mi limit in the repository, a store and a
// detector over it, and the deps the decision service and the diagnoser need to deliver a fix as a pull request.
import { type Config, GitOps } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import type { DecideDeps } from '../../src/remediation/decide/index.js';
import { type DiagnoseOutcome, diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import {
  argoApplication,
  bearerGitEnv,
  type GitOpsSync,
  type LocalForge,
  parseQuantity,
  simulate,
  startGitOpsSync,
  startLocalForge,
  tokenSecret,
} from '../../src/sandbox/index.js';
import type { Incident } from '../../src/store/index.js';
import { fixerConfig } from '../fixer/diagnoser/setup.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';

export const TOKEN = 'ghp_prFlowTokenForTheLocalForge0000000000';
export const REPO = 'shop/manifests';
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

export interface StageOptions {
  selfHeal?: boolean;
  /** gitops.pollSeconds; tests that follow PRs themselves keep the background poll out of the way. */
  pollSeconds?: number;
}

export interface Stage {
  h: Harness;
  forge: LocalForge;
  sync: GitOpsSync;
  cluster: Harness['sandbox']['cluster'];
  gitops: { config: GitOps; namespace: string };
  config: Config['fixer'];
  deps: DecideDeps;
  /** The Deployment's live memory limit. */
  limit(): string | undefined;
  /** Starts the detector and waits for its OOMKilled incident on shop/api. */
  oomIncident(): Promise<Incident>;
  /** Starts the detector and waits for an incident on shop/api with `reason`. */
  incident(reason: Incident['reason']): Promise<Incident>;
  /** Diagnoses the incident as the fixer does (the OOM runbook planning in a clone of the repository). */
  diagnose(incidentId: number): Promise<DiagnoseOutcome>;
  stop(): Promise<void>;
}

export async function stage(opts: StageOptions = {}): Promise<Stage> {
  let stopSim: (() => void) | undefined;
  let forge: LocalForge | undefined;
  let sync: GitOpsSync | undefined;
  const h = await startHarness();
  const stop = async (): Promise<void> => {
    stopSim?.();
    await sync?.stop();
    await h.detector.stop();
    await forge?.stop();
    await h.close();
  };
  try {
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
    tokenSecret(cluster, { namespace: 'clopus', name: 'clopus-git-token', token: TOKEN });
    argoApplication(cluster, {
      name: 'shop-api',
      repoURL: forge.url(REPO),
      path: 'apps/api',
      destination: 'shop',
      selfHeal: opts.selfHeal ?? true,
    });
    // The pods live or die by the memory limit, as the cache in the demo does.
    stopSim = simulate(cluster, [
      {
        namespace: 'shop',
        labels: { app: 'api' },
        container: 'api',
        start: ({ container }) => {
          // Only the images the registry has start (the image-rollback case breaks one on purpose).
          if (String(container.image).includes('typo')) return { ok: false, cause: 'pull' };
          const limit = parseQuantity(container.resources?.limits?.memory);
          return limit !== undefined && limit < NEEDS ? { ok: false, cause: 'oom', log: 'loading…\n' } : { ok: true };
        },
      },
    ]);
    sync = await startGitOpsSync(cluster, {
      intervalMs: 0,
      rollout: false,
      gitEnv: bearerGitEnv(TOKEN),
    });
    await sync.tick();
    const gitops = {
      config: GitOps.parse({
        repositories: [{ url: forge.url(REPO), tokenSecret: { name: 'clopus-git-token' }, apiUrl: forge.github.url }],
        dashboardUrl: 'http://clopus.example.test',
        ...(opts.pollSeconds ? { pollSeconds: opts.pollSeconds } : {}),
      }),
      namespace: 'clopus',
    };
    const config = fixerConfig({ CLOPUS_VERIFY_WINDOW_SECONDS: '1' });
    const deps: DecideDeps = {
      store: h.store,
      kube: h.kube,
      config,
      logger: silentLogger(),
      verifyPollMs: 100,
      gitops,
    };
    const limit = () =>
      cluster.get('Deployment', 'shop', 'api')?.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory as
        | string
        | undefined;
    const incident = async (reason: Incident['reason']): Promise<Incident> => {
      await h.detector.start();
      const found = await waitFor(
        () => h.store.listIncidents({ namespace: 'shop', limit: 10, offset: 0 }).items.find((i) => i.reason === reason),
        { what: `the detector to file a ${reason} incident`, timeoutMs: 20_000 },
      );
      await h.detector.idle();
      return found;
    };
    const oomIncident = () => incident('OOMKilled');
    const diagnose = (incidentId: number) =>
      diagnoseIncident(
        {
          store: h.store,
          kube: fixerKube(h.kube),
          config,
          logger: silentLogger(),
          gitops: { ...gitops, kube: h.kube },
        },
        incidentId,
      );
    return { h, forge, sync, cluster, gitops, config, deps, limit, oomIncident, incident, diagnose, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
