// Deleting one pod instance so its controller recreates it. Kept here rather than in src/kube until the kube
// module grows a delete; it goes through the client's own authenticated HTTP path.
import { KubeApiError, type KubeClient } from '../../kube/index.js';

/**
 * Deletes the pod only if it is still the instance with `uid` (a precondition the API server enforces), so a
 * StatefulSet pod recreated under the same name is never deleted by mistake. Returns false if it was already gone.
 */
export async function deletePod(kube: KubeClient, namespace: string, name: string, uid: string): Promise<boolean> {
  try {
    await kube.http.request(
      {
        method: 'DELETE',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`,
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } },
      },
      `delete pod ${namespace}/${name}`,
    );
    return true;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    throw err;
  }
}
