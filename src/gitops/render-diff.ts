// What an edit of the manifests changes once rendered: which objects differ, and the incident's workload before
// and after, as a YAML diff a reviewer reads.
import { isDeepStrictEqual } from 'node:util';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import type { RenderedObject } from './render.js';

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function objectRef(obj: RenderedObject): ObjectRef {
  const meta =
    typeof obj.metadata === 'object' && obj.metadata !== null ? (obj.metadata as Record<string, unknown>) : {};
  const apiVersion = str(obj.apiVersion);
  const namespace = str(meta.namespace);
  return {
    ...(apiVersion ? { apiVersion } : {}),
    kind: str(obj.kind) ?? '?',
    ...(namespace ? { namespace } : {}),
    name: str(meta.name) ?? '?',
  };
}

/** "Deployment shop/api", or "Deployment api" for an object the manifests leave without a namespace. */
export function refText(ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

const keyOf = (r: ObjectRef): string => `${r.apiVersion ?? ''}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

export interface ObjectChange {
  ref: ObjectRef;
  change: 'added' | 'removed' | 'changed';
}

/** Every object that differs between two renders, by apiVersion, kind, namespace and name. */
export function changedObjects(before: readonly RenderedObject[], after: readonly RenderedObject[]): ObjectChange[] {
  const index = (list: readonly RenderedObject[]) => new Map(list.map((o) => [keyOf(objectRef(o)), o]));
  const b = index(before);
  const a = index(after);
  const out: ObjectChange[] = [];
  for (const [key, obj] of b) {
    const next = a.get(key);
    if (next === undefined) out.push({ ref: objectRef(obj), change: 'removed' });
    else if (!isDeepStrictEqual(obj, next)) out.push({ ref: objectRef(obj), change: 'changed' });
  }
  for (const [key, obj] of a) if (!b.has(key)) out.push({ ref: objectRef(obj), change: 'added' });
  return out;
}

/**
 * Whether a rendered object is the workload: same kind and name, and the same namespace unless either leaves
 * it unset (the controller's destination namespace then applies).
 */
export function isWorkload(obj: RenderedObject, workload: { kind: string; namespace?: string; name: string }): boolean {
  const ref = objectRef(obj);
  return (
    ref.kind === workload.kind &&
    ref.name === workload.name &&
    (ref.namespace === undefined || workload.namespace === undefined || ref.namespace === workload.namespace)
  );
}

const yamlOf = (obj: object | undefined): string => (obj === undefined ? '' : stringify(obj, { lineWidth: 0 }));

export interface RenderedChange {
  before?: RenderedObject;
  after?: RenderedObject;
  /** Unified diff of the two objects as YAML; '' when they are equal. */
  diff: string;
}

/** The workload in two renders and the YAML diff between them. */
export function renderedChange(
  before: readonly RenderedObject[],
  after: readonly RenderedObject[],
  workload: { kind: string; namespace?: string; name: string },
): RenderedChange {
  const b = before.find((o) => isWorkload(o, workload));
  const a = after.find((o) => isWorkload(o, workload));
  const label = `${workload.kind.toLowerCase()}/${workload.name}`;
  const diff =
    isDeepStrictEqual(b, a) || (b === undefined && a === undefined)
      ? ''
      : createTwoFilesPatch(label, label, yamlOf(b), yamlOf(a), 'rendered now', 'rendered after the edit', {
          context: 4,
          headerOptions: FILE_HEADERS_ONLY,
        });
  return { ...(b ? { before: b } : {}), ...(a ? { after: a } : {}), diff };
}
