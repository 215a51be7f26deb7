// Create, list and delete for any namespaced collection; the typed operations (jobs, configmaps, replicasets) are
// these with a collection and a message filled in.
import type { KubeHttp } from './http.js';
import { type Collection, collectionPath, objectPath, type Selectors } from './resources.js';
import { Ignored, KubeObject, ObjectList } from './schemas.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface ListCollectionOptions extends Selectors {
  /** What the error of a failed list says was being done (default: list PATH). */
  what?: string;
}

export interface DeleteOptions {
  /** How the object's dependents (a Job's pods) are deleted; the server's default when omitted. */
  propagationPolicy?: PropagationPolicy;
  what?: string;
}

/** One page of `collection` in `namespace` (or all namespaces), with the list's resourceVersion. */
export function listCollection(
  http: KubeHttp,
  collection: Collection,
  namespace: string | null,
  opts: ListCollectionOptions = {},
): Promise<ObjectList> {
  const path = collectionPath(collection, namespace);
  const { what, labelSelector, fieldSelector } = opts;
  return http.request({ path, query: { labelSelector, fieldSelector } }, ObjectList, what ?? `list ${path}`);
}

/** Creates `body` in `collection`; returns the object as the server stored it. */
export function createObject(
  http: KubeHttp,
  collection: Collection,
  namespace: string,
  body: unknown,
  what: string,
): Promise<KubeObject> {
  return http.request({ method: 'POST', path: collectionPath(collection, namespace), body }, KubeObject, what);
}

export async function deleteObject(
  http: KubeHttp,
  collection: Collection,
  namespace: string,
  name: string,
  opts: DeleteOptions & { what: string },
): Promise<void> {
  const query = opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : undefined;
  await http.request(
    { method: 'DELETE', path: objectPath(collection, namespace, name), ...(query ? { query } : {}) },
    Ignored,
    opts.what,
  );
}

/** The name a create body gives its object, for messages. */
export function nameOf(body: unknown): string {
  const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : '';
}
