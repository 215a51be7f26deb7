// Where each collection the kube module reads or writes lives on the API server.
const GROUPS = {
  pods: '/api/v1',
  configmaps: '/api/v1',
  events: '/api/v1',
  jobs: '/apis/batch/v1',
  replicasets: '/apis/apps/v1',
  controllerrevisions: '/apis/apps/v1',
} as const;

export type Collection = keyof typeof GROUPS;

/** The path of a collection in `namespace`, or across all namespaces when it is null. */
export function collectionPath(collection: Collection, namespace: string | null): string {
  return namespace
    ? `${GROUPS[collection]}/namespaces/${encodeURIComponent(namespace)}/${collection}`
    : `${GROUPS[collection]}/${collection}`;
}

/** The path of one named object of a collection. */
export function objectPath(collection: Collection, namespace: string, name: string): string {
  return `${collectionPath(collection, namespace)}/${encodeURIComponent(name)}`;
}

export const namespacePath = (name?: string): string =>
  name === undefined ? '/api/v1/namespaces' : `/api/v1/namespaces/${encodeURIComponent(name)}`;

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}
