// Pending pods that are not coming up: unschedulable, or stuck creating their containers.
import type { ContainerStatus } from '../../core/index.js';
import { condition, type PodContext, scheduledAt, type Verdict } from './context.js';
import { formatDuration, latestEvent, quote, suffix } from './describe.js';

/** Unschedulable past unschedulableGraceSeconds; needs no container status. */
export function unschedulable(ctx: PodContext): Verdict | undefined {
  const { pod, now, thresholds, events } = ctx;
  if (pod.status.phase !== 'Pending') return undefined;
  const scheduled = condition(pod, 'PodScheduled');
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
export function stuckCreating(
  ctx: PodContext,
  statuses: readonly ContainerStatus[],
): { container: string; verdict: Verdict } | undefined {
  const { pod, now, thresholds, events } = ctx;
  if (pod.status.phase !== 'Pending') return undefined;
  const stuck = statuses.find((cs) => cs.state.waiting?.reason === 'ContainerCreating');
  const since = scheduledAt(pod);
  if (stuck === undefined || since === undefined || now - since <= thresholds.containerCreatingGraceSeconds * 1000)
    return undefined;
  const why = latestEvent(events, pod, [
    'FailedMount',
    'FailedAttachVolume',
    'FailedCreatePodSandBox',
    'FailedSync',
  ])?.message;
  const message = `container ${quote(stuck.name)} stuck in ContainerCreating for ${formatDuration(now - since)}${suffix(why)}`;
  return { container: stuck.name, verdict: { reason: 'CreateContainerError', message } };
}
