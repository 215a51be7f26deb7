// Picking a pod's container for logs and exec, with the API server's and kubelet's error wording.
import type { Fields, KubeObject } from '../types.js';
import { StatusError } from './status.js';

export function containerNames(pod: KubeObject): { main: string[]; init: string[] } {
  const names = (list: unknown): string[] => ((list ?? []) as Fields[]).map((c) => String(c.name));
  return { main: names(pod.spec?.containers), init: names(pod.spec?.initContainers) };
}

/** The container a request names, or the only one; otherwise the 400 a real server gives. */
export function pickContainer(pod: KubeObject, requested: string | null): string {
  const { main, init } = containerNames(pod);
  const name = pod.metadata.name;
  if (!requested) {
    if (main.length === 1 && main[0] !== undefined) return main[0];
    const initPart = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw StatusError.badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]${initPart}`,
    );
  }
  if (!main.includes(requested) && !init.includes(requested)) {
    throw StatusError.badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

export function containerStatus(pod: KubeObject, container: string): Fields | undefined {
  const all = [
    ...((pod.status?.containerStatuses ?? []) as Fields[]),
    ...((pod.status?.initContainerStatuses ?? []) as Fields[]),
  ];
  return all.find((s) => s.name === container);
}

export function containerSpec(pod: KubeObject, container: string): Fields | undefined {
  const all = [...((pod.spec?.containers ?? []) as Fields[]), ...((pod.spec?.initContainers ?? []) as Fields[])];
  return all.find((c) => c.name === container);
}
