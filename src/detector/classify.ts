// Classifying a pod: a pure function from its parsed state (and optionally its events) to findings.
import type { ContainerStatus, Pod, PodEvent } from './pod-schema.js';
import { DEFAULT_THRESHOLDS, type ClassifyThresholds, type Finding } from './types.js';
import { ownerOf } from './workload.js';
import { classifyAppContainer, classifyInitContainer, type PodContext, type Verdict } from './classify/container.js';
import { formatDuration, latestEvent, quote, suffix } from './classify/describe.js';

const totalRestarts = (pod: Pod): number =>
  [...pod.status.initContainerStatuses, ...pod.status.containerStatuses].reduce((sum, cs) => sum + cs.restartCount, 0);

/** Pod-level reasons, which rule out looking at containers (Evicted) or need none (Unschedulable). */
function podVerdict(ctx: PodContext): Verdict | undefined {
  const { pod, now, thresholds, events } = ctx;
  const { phase, reason, message } = pod.status;
  if (phase === 'Failed' && reason === 'Evicted') return { reason: 'Evicted', message: `pod evicted${suffix(message)}` };
  if (phase !== 'Pending') return undefined;
  const scheduled = pod.status.conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return undefined;
  const since = scheduled.lastTransitionTime ?? pod.metadata.creationTimestamp;
  // No timestamp at all is treated as old: a pod cannot be younger than it claims.
  const age = since === undefined ? Number.POSITIVE_INFINITY : now - since;
  if (age <= thresholds.unschedulableGraceSeconds * 1000) return undefined;
  const why = scheduled.message ?? latestEvent(events, pod, ['FailedScheduling'])?.message;
  const howLong = Number.isFinite(age) ? ` for ${formatDuration(age)}` : '';
  return { reason: 'Unschedulable', message: `pod unschedulable${howLong}${suffix(why)}` };
}

/**
 * A container stuck in ContainerCreating is not a reason by itself, but past its grace it
 * means a volume, sandbox or network that will not come up. It is filed as
 * CreateContainerError on the first stuck container only, since the cause is pod-wide.
 */
function stuckCreating(ctx: PodContext, statuses: readonly ContainerStatus[]): { container: string; verdict: Verdict } | undefined {
  const { pod, now, thresholds, events } = ctx;
  if (pod.status.phase !== 'Pending') return undefined;
  const stuck = statuses.find((cs) => cs.state.waiting?.reason === 'ContainerCreating');
  const scheduled = pod.status.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  const since = scheduled?.lastTransitionTime ?? pod.status.startTime ?? pod.metadata.creationTimestamp;
  if (stuck === undefined || since === undefined || now - since <= thresholds.containerCreatingGraceSeconds * 1000) return undefined;
  const why = latestEvent(events, pod, ['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedSync'])?.message;
  const message = `container ${quote(stuck.name)} stuck in ContainerCreating for ${formatDuration(now - since)}${suffix(why)}`;
  return { container: stuck.name, verdict: { reason: 'CreateContainerError', message } };
}

/** Findings for one pod: at most one per container (the most specific reason), plus pod-level ones. */
export function classifyPod(pod: Pod, now: number, thresholds: ClassifyThresholds = DEFAULT_THRESHOLDS, events: PodEvent[] = []): Finding[] {
  const { phase } = pod.status;
  // Being deleted, finished, or on a node nobody hears from: nothing here is actionable.
  if (pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Unknown') return [];

  const policy = pod.spec.restartPolicy;
  // A Failed pod restarts nothing. With restartPolicy Always it was failed from outside
  // (evicted, node shutdown, deadline), so its containers' exits are not the app's fault.
  const restarts = phase !== 'Failed' && policy !== 'Never';
  const ctx: PodContext = { pod, now, thresholds, events, restarts };
  const finding = (container: string | null, verdict: Verdict, restartCount: number): Finding => ({
    namespace: pod.metadata.namespace,
    pod: pod.metadata.name,
    podUid: pod.metadata.uid,
    container,
    ...verdict,
    restarts: restartCount,
    owner: ownerOf(pod),
  });

  const podLevel = podVerdict(ctx);
  if (podLevel?.reason === 'Evicted') return [finding(null, podLevel, totalRestarts(pod))];

  const findings: Finding[] = podLevel === undefined ? [] : [finding(null, podLevel, totalRestarts(pod))];
  const externallyFailed = phase === 'Failed' && policy === 'Always';
  if (!externallyFailed) {
    const sidecars = new Set(pod.spec.initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
    for (const cs of pod.status.initContainerStatuses) {
      const verdict = sidecars.has(cs.name) ? classifyAppContainer(cs, ctx) : classifyInitContainer(cs, ctx);
      if (verdict !== undefined) findings.push(finding(cs.name, verdict, cs.restartCount));
    }
    for (const cs of pod.status.containerStatuses) {
      const verdict = classifyAppContainer(cs, ctx);
      if (verdict !== undefined) findings.push(finding(cs.name, verdict, cs.restartCount));
    }
  }
  if (findings.length === 0) {
    const stuck = stuckCreating(ctx, [...pod.status.initContainerStatuses, ...pod.status.containerStatuses]);
    if (stuck !== undefined) findings.push(finding(stuck.container, stuck.verdict, 0));
  }
  // A bare pod has no controller to replace it, so its failure is worth a finding even when no container explains it.
  if (findings.length === 0 && phase === 'Failed' && !pod.metadata.ownerReferences.some((ref) => ref.controller === true)) {
    const { reason, message } = pod.status;
    findings.push(finding(null, { reason: 'Error', message: `pod failed${suffix([reason, message].filter(Boolean).join(': '))}` }, totalRestarts(pod)));
  }
  return findings;
}

/** classifyPod over a batch, e.g. everything `kubectl get pods -A -o json` printed. */
export function classifyPods(pods: readonly Pod[], now: number, thresholds: ClassifyThresholds = DEFAULT_THRESHOLDS): Finding[] {
  return pods.flatMap((pod) => classifyPod(pod, now, thresholds));
}
