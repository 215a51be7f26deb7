// Pods that were deleted and did not go: a kubelet that does not confirm, or a finalizer nobody removes.
import { DEFAULT_STUCK_TERMINATING_SECONDS } from '../types.js';
import type { PodContext, Verdict } from './context.js';
import { formatDuration, quote } from './describe.js';

/**
 * StuckTerminating once `now` is stuckTerminatingGraceSeconds past metadata.deletionTimestamp.
 * The API server sets that timestamp to the time of the delete request plus the grace period
 * (deletionGracePeriodSeconds), so it already is the deadline; adding the grace again would count it twice.
 */
export function stuckTerminating(ctx: PodContext): Verdict | undefined {
  const { pod, now, thresholds } = ctx;
  const due = pod.metadata.deletionTimestamp;
  if (due === undefined) return undefined;
  const late = now - due;
  if (late <= (thresholds.stuckTerminatingGraceSeconds ?? DEFAULT_STUCK_TERMINATING_SECONDS) * 1000) return undefined;
  const running = [...pod.status.initContainerStatuses, ...pod.status.containerStatuses]
    .filter((cs) => cs.state.running !== undefined)
    .map((cs) => quote(cs.name));
  const still = running.length === 0 ? 'no container is running' : `still running: ${running.join(', ')}`;
  return {
    reason: 'StuckTerminating',
    message: `pod still terminating ${formatDuration(late)} after its deletion deadline (${still})`,
  };
}
