// Where the cluster connection comes from: a KubeConfig passed in, or KUBECONFIG / ~/.kube/config / in-cluster.
import { KubeConfig } from '@kubernetes/client-node';
import { ClopusError } from '../errors.js';

/** Loads `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account, like kubectl does. */
export function loadKubeConfig(file?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (err) {
    throw new ClopusError('KUBE_UNREACHABLE', `cannot load a kubeconfig${file ? ` from ${file}` : ''}: ${(err as Error).message}`, { cause: err });
  }
  if (!kc.getCurrentCluster()) {
    throw new ClopusError(
      'KUBE_UNREACHABLE',
      'no Kubernetes cluster configured: set KUBECONFIG, create ~/.kube/config, or run inside a cluster',
    );
  }
  return kc;
}
