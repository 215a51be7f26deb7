// Kubernetes objects as the model reads them: YAML without bookkeeping, env as NAME=value lines so the
// redactor recognises secrets by their names (in JSON the name and the value are separate fields).
import { stringify } from 'yaml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Annotations that repeat the whole spec (with env values) or only track rollouts. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function envLine(e: unknown): string {
  if (!isObj(e)) return String(e);
  const name = String(e.name ?? '?');
  if (typeof e.value === 'string') return `${name}=${e.value}`;
  const from = isObj(e.valueFrom) ? e.valueFrom : {};
  const [source, ref] = Object.entries(from)[0] ?? ['unknown', {}];
  const bits = isObj(ref)
    ? Object.entries(ref)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
    : '';
  return `${name} (from ${source}${bits ? ` ${bits}` : ''})`;
}

function reshape(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return key === 'env' ? value.map(envLine) : value.map((v) => reshape(v));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'managedFields') continue;
    if (k === 'annotations' && isObj(v)) {
      out[k] = Object.fromEntries(Object.entries(v).filter(([a]) => !DROPPED_ANNOTATIONS.includes(a)));
      continue;
    }
    out[k] = reshape(v, k);
  }
  return out;
}

/** YAML of a pod or workload for the model; the caller still redacts and frames it. */
export function describeObject(obj: unknown): string {
  return stringify(reshape(obj), { lineWidth: 0 });
}

/** Container names (init containers too) and service account of a pod spec or a workload's pod template. */
export function podTemplateFacts(obj: unknown): { containers: string[]; serviceAccountName?: string } {
  const spec = isObj(obj) && isObj(obj.spec) ? obj.spec : {};
  const podSpec =
    isObj(spec.template) && isObj(spec.template.spec)
      ? spec.template.spec
      : isObj(spec.jobTemplate) &&
          isObj(spec.jobTemplate.spec) &&
          isObj(spec.jobTemplate.spec.template) &&
          isObj(spec.jobTemplate.spec.template.spec)
        ? spec.jobTemplate.spec.template.spec
        : spec;
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.map((c) => (isObj(c) ? String(c.name) : '')).filter(Boolean) : [];
  const sa = podSpec.serviceAccountName ?? podSpec.serviceAccount;
  return {
    containers: [...names(podSpec.containers), ...names(podSpec.initContainers)],
    ...(typeof sa === 'string' ? { serviceAccountName: sa } : {}),
  };
}
