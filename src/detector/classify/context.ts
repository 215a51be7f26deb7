// What every rule sees: the pod (its statuses already matched to its spec), the injected clock, thresholds and events.
import type { ContainerStatus, Pod, PodEvent, Reason, Terminated } from '../../core/index.js';
import type { ClassifyThresholds } from '../types.js';
import { exitAndRestarts, quote } from './describe.js';

export interface Verdict {
  reason: Reason;
  message: string;
  exitCode?: number;
}

export interface PodContext {
  pod: Pod;
  /** Epoch milliseconds; the only clock any rule reads. */
  now: number;
  thresholds: ClassifyThresholds;
  events: readonly PodEvent[];
  /** Whether a container that exits will be started again (restartPolicy, and the pod not already Failed). */
  restarts: boolean;
}

/**
 * Statuses for containers the spec does not declare (a virtual kubelet's injected agent, for one)
 * say nothing about the workload, so they are dropped before any rule looks. A spec without
 * containers is one the input left out, not an empty pod: its statuses are kept.
 */
export function matchSpec(pod: Pod): Pod {
  const { containers, initContainers } = pod.spec;
  if (containers.length === 0) return pod;
  const declared = (specs: ReadonlyArray<{ name: string }>, statuses: ContainerStatus[]): ContainerStatus[] => {
    const names = new Set(specs.map((c) => c.name));
    return statuses.filter((cs) => names.has(cs.name));
  };
  const status = {
    ...pod.status,
    containerStatuses: declared(containers, pod.status.containerStatuses),
    initContainerStatuses: declared(initContainers, pod.status.initContainerStatuses),
  };
  return { ...pod, status };
}

/** When the pod reached its node: PodScheduled, else startTime, else creation. */
export function scheduledAt(pod: Pod): number | undefined {
  const scheduled = pod.status.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  return scheduled?.lastTransitionTime ?? pod.status.startTime ?? pod.metadata.creationTimestamp;
}

export const condition = (pod: Pod, type: string) => pod.status.conditions.find((c) => c.type === type);

/** `node "worker-2"`, or `its node` before the pod has one. */
export const nodeOf = (ctx: PodContext): string =>
  ctx.pod.spec.nodeName === undefined ? 'its node' : `node ${quote(ctx.pod.spec.nodeName)}`;

export const withExit = (reason: Reason, message: string, term: Terminated | undefined): Verdict =>
  term === undefined ? { reason, message } : { reason, message, exitCode: term.exitCode };

export function oomKilled(cs: ContainerStatus, term: Terminated): Verdict {
  return withExit(
    'OOMKilled',
    `container ${quote(cs.name)} was OOMKilled (${exitAndRestarts(term, cs.restartCount)})`,
    term,
  );
}
