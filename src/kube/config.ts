// Where the cluster connection comes from: a KubeConfig passed in, or KUBECONFIG / ~/.kube/config / in-cluster.
import type { KubeConfig } from '@kubernetes/client-node';
import { ClopusError } from '../errors.js';

const WHERE = 'set KUBECONFIG or --kubeconfig, create ~/.kube/config, or run inside a cluster';

/**
 * Loads `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account, like kubectl does. client-node (about
 * 1,000 modules) is loaded here, on first use, so that importing the kube module costs nothing to a command that only
 * reads SQLite.
 */
export async function loadKubeConfig(file?: string): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (err) {
    // YAML errors carry a code frame over several lines; the first one names the problem.
    const reason = ((err as Error).message ?? String(err)).split('\n')[0];
    throw new ClopusError(
      'KUBE_UNREACHABLE',
      `cannot load a kubeconfig${file ? ` from ${file}` : ''}: ${reason}; ${file ? 'point --kubeconfig or KUBECONFIG at a valid kubeconfig file' : WHERE}`,
      { cause: err },
    );
  }
  const cluster = kc.getCurrentCluster();
  // With nothing to load, client-node falls back to http://localhost:8080, which it then refuses to use.
  const fallback =
    !file &&
    cluster?.name === 'cluster' &&
    cluster.server === 'http://localhost:8080' &&
    kc.getCurrentUser()?.name === 'user';
  if (!cluster || fallback) throw new ClopusError('KUBE_UNREACHABLE', `no Kubernetes cluster configured: ${WHERE}`);
  if (cluster.server.startsWith('http://') && !cluster.skipTLSVerify) {
    throw new ClopusError(
      'KUBE_UNREACHABLE',
      `the kubeconfig's cluster "${cluster.name}" uses ${cluster.server}: use an https:// server, or set insecure-skip-tls-verify: true for a local test cluster`,
    );
  }
  return kc;
}
