// The cluster connection, for the commands that talk to one (scan, approve, rollback, serve, diagnose). Loaded on use:
// the Kubernetes client is most of the CLI's module graph, and a command reading the database needs none of it.
import { ClopusError, isClopusError } from '../errors.js';
import type { KubeClient } from '../kube/index.js';
import type { CliIo } from './io.js';

/**
 * A client for `--kubeconfig FILE`, else KUBECONFIG, else ~/.kube/config, else the in-cluster account. A kubeconfig
 * that is missing, unreadable or unusable is bad configuration (exit 2); a cluster that does not answer is found later.
 */
export async function connect(io: CliIo, kubeconfig: string | undefined): Promise<KubeClient> {
  const { KubeClient, loadKubeConfig } = await import('../kube/index.js');
  try {
    return new KubeClient(await loadKubeConfig(kubeconfig ?? io.env.KUBECONFIG));
  } catch (err) {
    if (!isClopusError(err)) throw err;
    throw new ClopusError('CONFIG_INVALID', err.message, { cause: err, exitCode: 2 });
  }
}
