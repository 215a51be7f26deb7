// What a patch would really change: the workload before against the server's dry-run answer, leaf by leaf.
// Lists keyed by name in Kubernetes (containers, env, volumes, ports) are matched by name, so reordering is not
// a change and "containers[web].image" names the container a reviewer knows.

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One segment of a path: an object key, a list index, or a named list element. */
export type Segment = { key: string } | { index: number } | { name: string };

export interface FieldChange {
  path: Segment[];
  /** undefined: the field did not exist before (added) / does not exist after (removed). */
  before: Json;
  after: Json;
}

/** Server bookkeeping that changes on writes (or dry runs) without saying anything about what the pods do. */
const BOOKKEEPING = new Set(['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink']);

export function pathText(path: readonly Segment[]): string {
  return path
    .map((s, i) => ('key' in s ? `${i === 0 ? '' : '.'}${s.key}` : 'index' in s ? `[${s.index}]` : `[${s.name}]`))
    .join('');
}

/** A list matched by name: every element an object with a distinct string `name`. */
function namedList(list: readonly Json[]): Map<string, Json> | undefined {
  const byName = new Map<string, Json>();
  for (const item of list) {
    if (!isObj(item) || typeof item.name !== 'string' || byName.has(item.name)) return undefined;
    byName.set(item.name, item);
  }
  return byName;
}

const isEmpty = (v: Json): boolean => (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);

function walk(before: Json, after: Json, path: Segment[], out: FieldChange[]): void {
  if (Object.is(before, after)) return;
  // An empty object or list appearing or vanishing is still a change (emptyDir: {}, capabilities.drop: []).
  if ((before === undefined && isEmpty(after)) || (after === undefined && isEmpty(before))) {
    out.push({ path, before, after });
    return;
  }
  const objects = (isObj(before) || before === undefined) && (isObj(after) || after === undefined);
  const lists = (Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined);
  if (objects && (isObj(before) || isObj(after))) {
    const b = (before ?? {}) as Record<string, Json>;
    const a = (after ?? {}) as Record<string, Json>;
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) walk(b[key], a[key], [...path, { key }], out);
    return;
  }
  if (lists && (Array.isArray(before) || Array.isArray(after))) {
    const b = (before ?? []) as Json[];
    const a = (after ?? []) as Json[];
    const nb = namedList(b);
    const na = namedList(a);
    if (nb && na) {
      for (const name of new Set([...nb.keys(), ...na.keys()]))
        walk(nb.get(name), na.get(name), [...path, { name }], out);
    } else {
      for (let i = 0; i < Math.max(b.length, a.length); i++) walk(b[i], a[i], [...path, { index: i }], out);
    }
    return;
  }
  out.push({ path, before, after });
}

/**
 * Annotations the API server itself rewrites when the template changes: the apps/v1 DaemonSet conversion raises
 * this one on every template patch, dry runs included, so it says nothing about what the patch asked for.
 */
const SERVER_ANNOTATIONS = new Set(['deprecated.daemonset.template.generation']);

function withoutBookkeeping(metadata: Record<string, Json>): Record<string, Json> {
  const kept = Object.fromEntries(Object.entries(metadata).filter(([k]) => !BOOKKEEPING.has(k)));
  if (isObj(kept.annotations))
    kept.annotations = Object.fromEntries(Object.entries(kept.annotations).filter(([k]) => !SERVER_ANNOTATIONS.has(k)));
  return kept;
}

/** Every leaf that differs between two objects as the API server returns them; status and bookkeeping ignored. */
export function specChanges(before: Record<string, Json>, after: Record<string, Json>): FieldChange[] {
  const strip = (o: Record<string, Json>): Record<string, Json> => {
    const { status: _s, ...rest } = o;
    const metadata = isObj(rest.metadata) ? withoutBookkeeping(rest.metadata) : rest.metadata;
    return { ...rest, metadata };
  };
  const out: FieldChange[] = [];
  walk(strip(before), strip(after), [], out);
  return out;
}
