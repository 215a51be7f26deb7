// Kubernetes Events: building them like the kubelet's recorder does, and the events.k8s.io/v1 view of core events.
import type { KubeObject } from './types.js';

export interface InvolvedObject {
  kind: string;
  name: string;
  uid?: string;
  apiVersion?: string;
  namespace?: string;
  fieldPath?: string;
}

export interface EventInput {
  type: 'Warning' | 'Normal';
  reason: string;
  message: string;
  count?: number;
  /** Who reports it; kubelet unless said otherwise (e.g. default-scheduler, deployment-controller). */
  component?: string;
}

let sequence = 0;

/** Event names are `<object>.<hex>` like the recorder's (which uses a nanosecond timestamp). */
export function eventName(objectName: string, now: Date): string {
  sequence += 1;
  return `${objectName}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(sequence % 1_000_000)).toString(16)}`;
}

export function buildEvent(
  ns: string,
  involved: InvolvedObject,
  input: EventInput,
  now: string,
  nowDate: Date,
): KubeObject {
  const component = input.component ?? 'kubelet';
  const host = component === 'kubelet' ? 'sandbox-node-1' : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(involved.name, nowDate), namespace: ns },
    involvedObject: {
      apiVersion: involved.apiVersion ?? defaultApiVersion(involved.kind),
      kind: involved.kind,
      namespace: involved.namespace ?? ns,
      name: involved.name,
      ...(involved.uid ? { uid: involved.uid } : {}),
      ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}),
    },
    reason: input.reason,
    message: input.message,
    source: host ? { component, host } : { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: input.count ?? 1,
    type: input.type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: host ?? '',
  };
}

function defaultApiVersion(kind: string): string {
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind)) return 'apps/v1';
  if (['Job', 'CronJob'].includes(kind)) return 'batch/v1';
  return 'v1';
}

/** The events.k8s.io/v1 shape of a stored core/v1 Event (the two share storage in a real cluster). */
export function toEventsV1(core: KubeObject): KubeObject {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: core.metadata,
    eventTime: core.eventTime ?? null,
    reportingController:
      core.reportingComponent ?? (core.source as { component?: string } | undefined)?.component ?? '',
    reportingInstance: core.reportingInstance ?? '',
    action: core.action ?? '',
    reason: core.reason,
    regarding: core.involvedObject,
    note: core.message,
    type: core.type,
    deprecatedSource: core.source ?? {},
    deprecatedFirstTimestamp: core.firstTimestamp,
    deprecatedLastTimestamp: core.lastTimestamp,
    deprecatedCount: core.count,
  };
}

/** The core/v1 Event stored for an events.k8s.io/v1 object written by a client. */
export function fromEventsV1(ev: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: ev.metadata,
    involvedObject: ev.regarding ?? {},
    reason: ev.reason,
    message: ev.note,
    source: ev.deprecatedSource ?? { component: ev.reportingController },
    firstTimestamp: ev.deprecatedFirstTimestamp ?? null,
    lastTimestamp: ev.deprecatedLastTimestamp ?? null,
    count: ev.deprecatedCount,
    type: ev.type,
    eventTime: ev.eventTime ?? null,
    action: ev.action,
    reportingComponent: ev.reportingController ?? '',
    reportingInstance: ev.reportingInstance ?? '',
  };
}
