// One kind's objects in the in-memory cluster, and paging through them in list order as the API server does.
import { lowerBound, upperBound } from './key-order.js';
import type { ResourceDef } from './kinds.js';
import type { Entry, KubeObject } from './types.js';

export interface PageRequest {
  namespace?: string;
  filter?: (obj: KubeObject) => boolean;
  limit?: number;
  /** Resume after this key (from a continue token). */
  after?: string;
}

export interface Page {
  entries: Entry[];
  /** Key of the last entry returned, when more may follow. */
  next?: string;
  remaining?: number;
}

export interface KindStore {
  def: ResourceDef;
  items: Map<string, Entry>;
  /** Keys in list order; rebuilt lazily after creates and deletes. */
  sorted: string[] | null;
}

/** A page of `store`'s objects in list order (namespace, then name), resuming after `after`. */
export function pageOf(store: KindStore, req: PageRequest): Page {
  const keys = sortedKeys(store);
  let i = 0;
  let end = keys.length;
  if (req.namespace !== undefined && store.def.namespaced) {
    i = lowerBound(keys, `${req.namespace}/`);
    end = lowerBound(keys, `${req.namespace}0`); // '0' follows '/', so this bounds the namespace's keys
  }
  if (req.after !== undefined) i = Math.max(i, upperBound(keys, req.after));
  const entries: Entry[] = [];
  const limit = req.limit && req.limit > 0 ? req.limit : Infinity;
  for (; i < end; i++) {
    const entry = store.items.get(keys[i] ?? '');
    if (!entry || (req.filter && !req.filter(entry.obj))) continue;
    if (entries.length === limit) {
      // The remaining count is only exact (and a real server only sends it) without a filter.
      return { entries, next: lastKeyOf(store, entries), ...(req.filter ? {} : { remaining: end - i }) };
    }
    entries.push(entry);
  }
  return { entries };
}

export function keyOf(def: ResourceDef, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${namespace ?? ''}/${name}` : name;
}

export function sortedKeys(store: KindStore): string[] {
  if (!store.sorted) store.sorted = [...store.items.keys()].sort();
  return store.sorted;
}

function lastKeyOf(store: KindStore, entries: Entry[]): string {
  const last = entries[entries.length - 1];
  return last ? keyOf(store.def, last.obj.metadata.namespace, last.obj.metadata.name) : '';
}
