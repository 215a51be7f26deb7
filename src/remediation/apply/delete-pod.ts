// Deleting one pod instance so its controller recreates it.
import type { KubeClient } from '../../kube/index.js';

/**
 * Deletes the pod only if it is still the instance with `uid` (a precondition the API server enforces), so a
 * StatefulSet pod recreated under the same name is never deleted by mistake. Returns false if it was already gone.
 */
export function deletePod(
  kube: Pick<KubeClient, 'deletePod'>,
  namespace: string,
  name: string,
  uid: string,
): Promise<boolean> {
  return kube.deletePod(namespace, name, { uid });
}
