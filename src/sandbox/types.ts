// Wire shapes shared by the sandbox's store, HTTP handlers and builders.

/** Fields whose shape depends on the kind (spec, status, data…): wire JSON, checked by the handlers that use them. */
// biome-ignore lint/suspicious/noExplicitAny: the fake API server stores arbitrary Kubernetes objects; handlers narrow what they read
export type Fields = Record<string, any>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Fields;
  status?: Fields;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One stored object; `json` caches its serialisation so lists and watches never stringify twice. */
export interface Entry {
  readonly obj: KubeObject;
  json?: string;
}

/** One change in the store's history, kept so watches can resume from a resourceVersion. */
export interface ChangeEvent {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly kind: string;
  readonly entry: Entry;
  /** The object before the change (MODIFIED/DELETED), so selector watches can see objects leave their selection. */
  readonly prev?: Entry;
}

export function entryJson(entry: Entry): string {
  if (entry.json === undefined) entry.json = JSON.stringify(entry.obj);
  return entry.json;
}

/** Kubernetes timestamps are RFC 3339 with second precision. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
