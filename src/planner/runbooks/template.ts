// Finding a container in a workload's pod template, and the strategic-merge patch that changes only it.
import type { WorkloadKind } from '../../core/index.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ContainerList = 'containers' | 'initContainers';

export interface TemplateContainer {
  list: ContainerList;
  container: Obj;
}

/** Where the pod spec sits: a CronJob nests it one Job spec deeper; a Pod is its own. */
function templatePath(kind: WorkloadKind): string[] {
  if (kind === 'Pod') return ['spec'];
  return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
}

function podSpecOf(kind: WorkloadKind, workload: unknown): Obj | undefined {
  let node: unknown = workload;
  for (const key of templatePath(kind)) node = isObj(node) ? node[key] : undefined;
  return isObj(node) ? node : undefined;
}

/** The named container of a workload's pod template or a pod (app containers first, then init containers / sidecars). */
export function findContainer(kind: WorkloadKind, workload: unknown, name: string): TemplateContainer | undefined {
  const spec = podSpecOf(kind, workload);
  for (const list of ['containers', 'initContainers'] as const) {
    const found = (Array.isArray(spec?.[list]) ? (spec[list] as unknown[]) : []).find(
      (c) => isObj(c) && c.name === name,
    );
    if (isObj(found)) return { list, container: found };
  }
  return undefined;
}

/** A strategic-merge patch that merges `fields` into one container (lists of containers merge by name). */
export function containerPatch(
  kind: WorkloadKind,
  list: ContainerList,
  name: string,
  fields: Obj,
): Record<string, unknown> {
  let patch: Obj = { [list]: [{ name, ...fields }] };
  for (const key of templatePath(kind).slice().reverse()) patch = { [key]: patch };
  return patch;
}

/** A nested string field, e.g. resources.limits.memory; undefined when absent or not a string or number. */
export function stringAt(obj: unknown, path: readonly string[]): string | undefined {
  let node: unknown = obj;
  for (const key of path) node = isObj(node) ? node[key] : undefined;
  return typeof node === 'string' ? node : typeof node === 'number' ? String(node) : undefined;
}
