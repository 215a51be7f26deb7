// Writing a manager's status as its controller does: through the status subresource, only when something other
// than a timestamp changed (a steady state costs no resourceVersion), and Events on the manager itself.
import type { ClusterState } from '../cluster-state.js';
import type { EventInput } from '../events.js';
import type { Fields, KubeObject } from '../types.js';
import { timestamp } from '../types.js';
import { canonical } from './merge.js';

const TIME_FIELDS = new Set(['reconciledAt', 'startedAt', 'finishedAt', 'lastTransitionTime', 'lastUpdateTime']);

function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v as Fields)
      .filter(([k]) => !TIME_FIELDS.has(k))
      .map(([k, x]) => [k, withoutTimes(x)]),
  );
}

/** Replaces the object's status with `next` unless only timestamps would change; returns whether it wrote. */
export function writeStatus(cluster: ClusterState, obj: KubeObject, next: Fields): boolean {
  const live = cluster.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (!live) return false;
  if (canonical(withoutTimes(live.status ?? {})) === canonical(withoutTimes(next))) return false;
  cluster.updateStatus(obj.kind, obj.metadata.namespace, obj.metadata.name, (o) => {
    o.status = next;
  });
  return true;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** Sets one condition, keeping its lastTransitionTime while its status stays the same. */
export function setCondition(conditions: unknown, c: Condition, now: Date, extra: Fields = {}): Fields[] {
  const list = Array.isArray(conditions) ? (conditions as Fields[]) : [];
  const old = list.find((x) => x.type === c.type);
  const at = old && old.status === c.status ? String(old.lastTransitionTime) : timestamp(now);
  const next = { ...c, ...extra, lastTransitionTime: at };
  return old ? list.map((x) => (x.type === c.type ? next : x)) : [...list, next];
}

/** Records an Event on the manager, from its controller (argocd-application-controller, kustomize-controller…). */
export function recordEvent(
  cluster: ClusterState,
  obj: KubeObject,
  component: string,
  input: Omit<EventInput, 'component'>,
): void {
  const ns = obj.metadata.namespace ?? 'default';
  cluster.addEvent(
    ns,
    {
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: ns,
      apiVersion: obj.apiVersion,
      ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    },
    { ...input, component },
  );
}
