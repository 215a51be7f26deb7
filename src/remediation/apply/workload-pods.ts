// The pods a workload has right now, found by its selector and confirmed by owner chain (selectors of two
// workloads may overlap; owner references do not).
import { ownerOf, type Pod, parsePod } from '../../core/index.js';
import { KubeApiError, type KubeClient, type WorkloadObject } from '../../kube/index.js';
import type { ApplyIncident } from './types.js';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Requirement[];
}

/** A LabelSelector in the query syntax the API server takes (`a=b,c in (d,e),!f`). */
export function selectorString(sel: LabelSelector | undefined): string | undefined {
  if (!sel) return undefined;
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions ?? []) {
    const values = (r.values ?? []).join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

export interface WorkloadSnapshot {
  /** Undefined for a bare pod, or when the workload is gone. */
  workload: WorkloadObject | undefined;
  /** Live pods of the workload, terminating ones excluded. */
  pods: Pod[];
  /** The workload (or bare pod) no longer exists. */
  gone: boolean;
}

async function barePod(kube: KubeClient, incident: ApplyIncident): Promise<WorkloadSnapshot> {
  try {
    const pod = parsePod(await kube.getPod(incident.namespace, incident.workloadName));
    return { workload: undefined, pods: pod.metadata.deletionTimestamp === undefined ? [pod] : [], gone: false };
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return { workload: undefined, pods: [], gone: true };
    throw err;
  }
}

export async function workloadPods(kube: KubeClient, incident: ApplyIncident): Promise<WorkloadSnapshot> {
  const { namespace, workloadKind: kind, workloadName: name } = incident;
  if (kind === 'Pod') return barePod(kube, incident);
  let workload: WorkloadObject;
  try {
    workload = await kube.getWorkload(kind, namespace, name);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return { workload: undefined, pods: [], gone: true };
    throw err;
  }
  // A CronJob's pods carry its Jobs' labels, not one fixed selector: list the namespace and trust owners alone.
  const labelSelector =
    kind === 'CronJob' ? undefined : selectorString(workload.spec?.selector as LabelSelector | undefined);
  const list = await kube.listPods(namespace, labelSelector ? { labelSelector } : {});
  const pods: Pod[] = [];
  for (const raw of list.items) {
    const pod = parsePod(raw);
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const top = await kube.resolveOwner(namespace, ownerOf(pod));
    if (top.kind === kind && top.name === name) pods.push(pod);
  }
  return { workload, pods, gone: false };
}
