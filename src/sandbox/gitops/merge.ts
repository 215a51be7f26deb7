// What `kubectl apply` does to a live object: a three-way strategic merge of the last applied manifest, the new one
// and the live object, so fields the manifest never mentioned (status, server-set annotations, replicas an
// autoscaler owns) survive, and fields a previous apply set but this one dropped go.

import { MERGE_KEYS } from '../merge-keys.js';
import { strategicMergePatch } from '../patch.js';
import type { Fields, KubeObject } from '../types.js';

const SERVER_META = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => [k, withoutNulls(x)]),
  );
}

/** A rendered manifest as apply sends it: no server-set metadata, no nulls, no status where status is the server's. */
export function asManifest(obj: KubeObject, statusIsServers: boolean): KubeObject {
  const out = withoutNulls(structuredClone(obj)) as KubeObject;
  out.metadata ??= { name: '' };
  for (const f of SERVER_META) delete out.metadata[f];
  if (statusIsServers) delete out.status;
  return out;
}

function listPatch(field: string, last: unknown, desired: unknown[]): unknown[] {
  const key = MERGE_KEYS[field];
  if (!key || !desired.every(isObject)) return structuredClone(desired);
  const before = Array.isArray(last) ? last.filter(isObject) : [];
  const keys = new Set(desired.map((el) => el[key]));
  return [
    ...desired.map((el) =>
      threeWayPatch(
        before.find((b) => b[key] === el[key]),
        el,
      ),
    ),
    ...before.filter((b) => !keys.has(b[key])).map((b) => ({ [key]: b[key], $patch: 'delete' })),
  ];
}

/** The patch apply computes: the manifest, plus a delete for everything the last apply set and this one does not. */
export function threeWayPatch(last: unknown, desired: unknown): unknown {
  if (!isObject(desired)) return structuredClone(desired);
  const out: Fields = {};
  if (isObject(last)) for (const k of Object.keys(last)) if (!(k in desired)) out[k] = null;
  for (const [k, v] of Object.entries(desired)) {
    const prev = isObject(last) ? last[k] : undefined;
    out[k] = Array.isArray(v) ? listPatch(k, prev, v) : threeWayPatch(prev, v);
  }
  return out;
}

/** The live object after applying `desired` over it (with `last` the manifest applied before, if known). */
export function merged(live: KubeObject, desired: KubeObject, last: KubeObject | undefined): KubeObject {
  const { status, ...rest } = live;
  const next = strategicMergePatch(rest, threeWayPatch(last ? asManifest(last, false) : {}, desired)) as KubeObject;
  return status === undefined ? next : { ...next, status };
}

/** JSON with sorted keys, so two objects compare by content, not by the order their fields were written in. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (!isObject(v)) return JSON.stringify(v) ?? 'null';
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** Whether applying would change the live object (status aside): that is drift, or a pending change. */
export function differs(live: KubeObject, next: KubeObject): boolean {
  const { status: _a, ...l } = live;
  const { status: _b, ...n } = next;
  return canonical(l) !== canonical(n);
}
