// How a stored object looks through a given resource's API version (events.k8s.io/v1 reshapes core Events).
import { fromEventsV1, toEventsV1 } from './events.js';
import type { ResourceDef } from './kinds.js';
import { type Entry, entryJson, type KubeObject } from './types.js';

const eventsV1Json = new WeakMap<Entry, string>();

function isEventsV1(def: ResourceDef): boolean {
  return def.group === 'events.k8s.io';
}

export function toView(def: ResourceDef, obj: KubeObject): KubeObject {
  return isEventsV1(def) ? toEventsV1(obj) : obj;
}

export function fromView(def: ResourceDef, obj: KubeObject): KubeObject {
  return isEventsV1(def) ? fromEventsV1(obj) : obj;
}

/** The entry serialised for this resource, cached per entry. */
export function viewJson(def: ResourceDef, entry: Entry): string {
  if (!isEventsV1(def)) return entryJson(entry);
  let json = eventsV1Json.get(entry);
  if (json === undefined) {
    json = JSON.stringify(toEventsV1(entry.obj));
    eventsV1Json.set(entry, json);
  }
  return json;
}
