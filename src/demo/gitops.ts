// The demo's GitOps workload: `orders`, deployed by a sandbox Argo CD app (self-heal on) from a repository on the
// local forge (the smart-HTTP git server and the GitHub fake, with a throwaway token made for this run). Its memory
// limit in the repository is too low, so it is OOMKilled; the fix can only last as a pull request, which the policy
// may open (never merge). A reviewer merges it; the sandbox's Argo CD syncs the merge commit and the pods heal.
import { randomBytes } from 'node:crypto';
import type { Behaviour, ClusterState, GitOpsSync, LocalForge } from '../sandbox/index.js';
import {
  argoApplication,
  bearerGitEnv,
  oomKilled,
  parseQuantity,
  startGitOpsSync,
  startLocalForge,
  tokenSecret,
} from '../sandbox/index.js';

export const GITOPS = 'demo-gitops';
export const REPO = 'demo/manifests';
export const APP = 'demo-orders';
const NEEDS = 100 * 2 ** 20;
const ORDERS_LOG = 'orders 3.1.0\ncaching 48211 catalogue items\n';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: ${GITOPS}
  labels:
    app: orders
spec:
  replicas: 2
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: example/orders:3.1.0
          resources:
            requests:
              memory: 64Mi
            # Sized before the product catalogue was cached in memory.
            limits:
              memory: 64Mi
`;

/** orders caches the catalogue on start: below 100 Mi it is OOMKilled. */
export const ordersBehaviour: Behaviour = {
  namespace: GITOPS,
  labels: { app: 'orders' },
  container: 'orders',
  start: ({ container }) => {
    const limit = parseQuantity(container.resources?.limits?.memory);
    return limit !== undefined && limit < NEEDS ? { ok: false, cause: 'oom', log: ORDERS_LOG } : { ok: true };
  },
};

export interface GitOpsStage {
  forge: LocalForge;
  sync: GitOpsSync;
  token: string;
  /** The config lines that point Clopus at the repository, for the demo's YAML file. */
  configYaml: string;
  /** The GitHub REST call a reviewer's merge button makes, as a command to paste. */
  mergeCommand(pull: number): string;
  stop(): Promise<void>;
}

export async function startGitOpsStage(cluster: ClusterState): Promise<GitOpsStage> {
  const token = `demo_${randomBytes(16).toString('hex')}`;
  const forge = await startLocalForge({
    token,
    login: 'clopus-demo',
    repos: {
      [REPO]: {
        'apps/orders/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
        'apps/orders/deployment.yaml': DEPLOYMENT,
      },
    },
  });
  for (const ns of [GITOPS, 'argocd', 'clopus'])
    if (!cluster.get('Namespace', undefined, ns)) cluster.createNamespace(ns);
  tokenSecret(cluster, { namespace: 'clopus', name: 'clopus-git-token', token });
  argoApplication(cluster, {
    name: APP,
    repoURL: forge.url(REPO),
    path: 'apps/orders',
    destination: GITOPS,
    selfHeal: true,
  });
  // The demo's behaviours judge the pods of a changed template, so the controller only applies (rollout: false).
  const sync = await startGitOpsSync(cluster, {
    intervalMs: 1000,
    rollout: false,
    gitEnv: bearerGitEnv(token),
  });
  await sync.tick();
  // The first sync's pods start as the manifest says they would: killed for memory, a few restarts behind them.
  for (const pod of cluster.list('Pod', GITOPS))
    oomKilled(cluster, GITOPS, pod.metadata.name, { restarts: 3, logs: { previous: ORDERS_LOG } });
  const configYaml = [
    'gitops:',
    '  pollSeconds: 2',
    '  repositories:',
    `    - url: ${forge.url(REPO)}`,
    `      apiUrl: ${forge.github.url}`,
    '      tokenSecret: { name: clopus-git-token }',
  ].join('\n');
  return {
    forge,
    sync,
    token,
    configYaml,
    mergeCommand: (pull) =>
      `curl -sS -X PUT -H 'Authorization: token ${token}' ${forge.github.url}/repos/${REPO}/pulls/${pull}/merge`,
    async stop() {
      await sync.stop();
      await forge.stop();
    },
  };
}
