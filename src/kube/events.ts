// The warning events of one pod (core/v1), newest first.
import type { KubeHttp } from './http.js';
import { collectionPath } from './resources.js';
import { type KubeObject, ObjectList } from './schemas.js';

interface EventList {
  kind?: string;
  items?: KubeObject[];
}

/** Returns the EventList as the server sent it (parse it with the detector's schema). */
export async function podWarningEvents(http: KubeHttp, namespace: string, pod: string): Promise<EventList> {
  const list = await http.request(
    {
      path: collectionPath('events', namespace),
      query: { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod},type=Warning`, limit: 100 },
    },
    ObjectList,
    `list events of pod ${namespace}/${pod}`,
  );
  return { kind: 'EventList', items: list.items };
}
