// Merge patch (RFC 7386) and strategic merge patch, as the API server applies them for the supported kinds.

import { MERGE_KEYS } from './merge-keys.js';
import type { Fields } from './types.js';

type Json = unknown;

function isObject(v: Json): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: objects merge recursively, null deletes, everything else (arrays too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Fields = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

// Lists merged by a key (merge-keys.ts): field names are unique enough across the supported kinds to key by name
// alone; any other list is replaced whole.

/** Lists of scalars whose strategy is merge (a set union), not replace. */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

function stripDirectives(value: Json): Json {
  if (Array.isArray(value))
    return value.filter((el) => !(isObject(el) && '$patch' in el && Object.keys(el).length === 1)).map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

/** Strategic merge patch: like a merge patch, but keyed lists merge element-wise and `$patch` directives apply. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: Fields = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set(Array.isArray(value) ? value : []);
      if (Array.isArray(result[field])) result[field] = (result[field] as Json[]).filter((v) => !drop.has(v));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = Array.isArray(value) ? mergeList(key, result[key], value) : strategicMergePatch(result[key], value);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  return result;
}

function mergeList(field: string, current: Json, patch: Json[]): Json {
  const mergeKey = MERGE_KEYS[field];
  const replaceAll = patch.some((el) => isObject(el) && el.$patch === 'replace');
  if (MERGED_SCALAR_LISTS.has(field) && !replaceAll) {
    const base = Array.isArray(current) ? current : [];
    return [...base, ...patch.filter((v) => !base.includes(v))];
  }
  if (!mergeKey || replaceAll || !Array.isArray(current)) {
    return patch
      .filter((el) => !(isObject(el) && el.$patch !== undefined && (el.$patch === 'replace' || el.$patch === 'delete')))
      .map(stripDirectives);
  }
  const result = current.slice();
  for (const el of patch) {
    if (!isObject(el)) continue;
    const index = result.findIndex((x) => isObject(x) && x[mergeKey] === el[mergeKey]);
    if (el.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMergePatch(result[index], el);
    } else {
      result.push(stripDirectives(el));
    }
  }
  return result;
}
