// One read of a GitOps object, sorted into the three answers detection cares about: found, missing, or unreadable.
import { ClopusError } from '../errors.js';
import { KubeApiError } from '../kube/index.js';

export type Read<T> = { found: T } | { missing: true } | { unreadable: string; transient: boolean };

export async function read<T>(get: () => Promise<T>): Promise<Read<T>> {
  try {
    return { found: await get() };
  } catch (err) {
    if (err instanceof ClopusError && err.code === 'KUBE_NOT_FOUND') return { missing: true };
    const transient =
      (err instanceof KubeApiError && (err.status === 429 || err.status >= 500)) ||
      (err instanceof ClopusError && err.code === 'KUBE_UNREACHABLE');
    // A ClopusError's message says what to do (a 403 names the grant and k8s/overlays/gitops); anything else is a bug.
    if (err instanceof ClopusError) return { unreadable: err.message, transient };
    throw err;
  }
}

export const workloadLabel = (w: { kind: string; namespace: string; name: string }): string =>
  `${w.kind.toLowerCase()} ${w.namespace}/${w.name}`;
