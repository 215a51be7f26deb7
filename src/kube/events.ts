// The warning events of one pod (core/v1), newest first.
import type { KubeHttp } from './http.js';

interface EventList {
  kind?: string;
  items?: unknown[];
}

/** Returns the EventList as the server sent it (parse it with the detector's schema). */
export async function podWarningEvents(http: KubeHttp, namespace: string, pod: string): Promise<EventList> {
  const list = await http.request<EventList>(
    {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
      query: { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod},type=Warning`, limit: 100 },
    },
    `list events of pod ${namespace}/${pod}`,
  );
  return { kind: 'EventList', items: list.items ?? [] };
}
