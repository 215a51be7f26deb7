// GitOps objects for tests and the demo: an Argo CD Application following a path of a git repository, the Secret
// holding a git token, and the git environment that makes the sandbox's controller send that token.
import type { ClusterState } from './cluster-state.js';
import type { KubeObject } from './types.js';

export interface ArgoApplicationOptions {
  /** Where the Application lives; default argocd. */
  namespace?: string;
  name: string;
  repoURL: string;
  path: string;
  /** Default main. */
  targetRevision?: string;
  /** Where its objects go. */
  destination: string;
  selfHeal: boolean;
}

/** An Argo CD Application with automated sync (prune on) and self-heal as given. */
export function argoApplication(cluster: ClusterState, o: ArgoApplicationOptions): KubeObject {
  return cluster.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: o.name, namespace: o.namespace ?? 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: o.repoURL, path: o.path, targetRevision: o.targetRevision ?? 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: o.destination },
      syncPolicy: { automated: { prune: true, selfHeal: o.selfHeal } },
    },
  });
}

/** An Opaque Secret holding `token` under `key` (default token). */
export function tokenSecret(
  cluster: ClusterState,
  o: { namespace: string; name: string; token: string; key?: string },
): KubeObject {
  return cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: o.name, namespace: o.namespace },
    data: { [o.key ?? 'token']: Buffer.from(o.token).toString('base64') },
  });
}

/** Git's environment for a bearer token (GIT_CONFIG_*), as the sandbox's GitOps controller takes it. */
export const bearerGitEnv = (token: string): Record<string, string> => ({
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'http.extraHeader',
  GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
});
