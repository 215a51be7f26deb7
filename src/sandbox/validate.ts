// The API server's checks that a client (or Clopus' fixer) would trip over: required fields, ranges, immutability.
import { type StatusCause, StatusError } from './http/status.js';
import type { ResourceDef } from './kinds.js';
import { parseQuantity } from './quantity.js';
import type { Fields, KubeObject } from './types.js';

type Cause = Required<Pick<StatusCause, 'reason' | 'message' | 'field'>>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const TEMPLATE_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function at(obj: unknown, path: string[]): unknown {
  let v = obj;
  for (const p of path) v = v && typeof v === 'object' ? (v as Fields)[p] : undefined;
  return v;
}

function required(field: string): Cause {
  return { reason: 'FieldValueRequired', message: 'Required value', field };
}

function invalid(field: string, value: unknown, why: string): Cause {
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${why}`, field };
}

function checkQuantities(resources: Fields | undefined, field: string): void {
  for (const section of ['limits', 'requests'] as const) {
    for (const [name, q] of Object.entries((resources?.[section] as Fields | undefined) ?? {})) {
      if (parseQuantity(q) === undefined) {
        // A bad quantity fails decoding, before validation, as a 400.
        throw StatusError.badRequest(
          `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (${field}.${section}[${name}])`,
        );
      }
    }
  }
}

function podSpecCauses(spec: Fields | undefined, field: string): Cause[] {
  const causes: Cause[] = [];
  const containers = spec?.containers as Fields[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${field}.containers`)];
  // Names are unique across containers and init containers: the API server checks the containers first, then
  // each init container against every name seen so far (validateContainers, then validateInitContainers).
  const names = new Set<string>();
  const inits = Array.isArray(spec?.initContainers) ? (spec.initContainers as Fields[]) : [];
  [
    ...containers.map((c, i) => [c, `${field}.containers[${i}]`] as const),
    ...inits.map((c, i) => [c, `${field}.initContainers[${i}]`] as const),
  ].forEach(([c, path]) => {
    if (!c.name) causes.push(required(`${path}.name`));
    else if (names.has(c.name))
      causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"`, field: `${path}.name` });
    names.add(c.name);
    if (!c.image) causes.push(required(`${path}.image`));
    const resources = c.resources as Fields | undefined;
    checkQuantities(resources, `${path}.resources`);
    for (const [res, req] of Object.entries((resources?.requests as Fields | undefined) ?? {})) {
      const limit = (resources?.limits as Fields | undefined)?.[res];
      const r = parseQuantity(req);
      const l = parseQuantity(limit);
      if (r !== undefined && l !== undefined && r > l) {
        causes.push(
          invalid(`${path}.resources.requests`, req, `must be less than or equal to ${res} limit of ${String(limit)}`),
        );
      }
    }
  });
  return causes;
}

/** Throws a 422 Invalid (or 400) if `obj` may not be stored; `old` is the stored object on updates. */
export function validate(def: ResourceDef, obj: KubeObject, old?: KubeObject): void {
  const name = obj.metadata.name;
  const causes: Cause[] = [];
  if (!DNS_SUBDOMAIN.test(name) && def.kind !== 'Event') {
    causes.push(
      invalid(
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    );
  }
  const templatePath = TEMPLATE_PATH[def.kind];
  if (templatePath && (def.kind !== 'Pod' || !old)) {
    causes.push(...podSpecCauses(at(obj, templatePath) as Fields | undefined, templatePath.join('.')));
  }
  const replicas = obj.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    causes.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const selector = obj.spec?.selector as Fields | undefined;
  if (def.group === 'apps' && selector?.matchLabels) {
    const labels = (obj.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
    const ok = Object.entries(selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
    if (!ok)
      causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  if (old) causes.push(...immutableCauses(def, obj, old));
  if (causes.length > 0) throw StatusError.invalid(def, name, causes);
}

function immutableCauses(def: ResourceDef, obj: KubeObject, old: KubeObject): Cause[] {
  if (
    (def.group === 'apps' || def.kind === 'Job') &&
    JSON.stringify(obj.spec?.selector) !== JSON.stringify(old.spec?.selector)
  ) {
    return [invalid('spec.selector', obj.spec?.selector, 'field is immutable')];
  }
  if (def.kind === 'Pod' && JSON.stringify(mutablePodSpec(obj.spec)) !== JSON.stringify(mutablePodSpec(old.spec))) {
    const message =
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
    return [{ reason: 'FieldValueForbidden', message, field: 'spec' }];
  }
  return [];
}

/** A pod's spec with the fields an update may change blanked out, to compare the rest. */
function mutablePodSpec(spec: Fields | undefined): Fields {
  const copy: Fields = structuredClone(spec ?? {});
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of (copy[list] as Fields[] | undefined) ?? []) delete c.image;
  }
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  return copy;
}
