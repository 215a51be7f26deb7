// Pods on a node that stopped reporting: what the node controller writes on a status its kubelet no longer can.
import { condition, nodeOf, type PodContext, type Verdict } from './context.js';
import { formatDuration, latestEvent, suffix } from './describe.js';

/**
 * Reasons the kubelet gives a Ready=False condition (pkg/kubelet/status). The node controller
 * only flips an existing Ready condition to False and keeps its reason, which for a pod that was
 * ready is none; so a Ready=False without one of these was not written by the kubelet.
 */
const KUBELET_READY_REASONS: ReadonlySet<string> = new Set([
  'ContainersNotReady',
  'ContainersNotInitialized',
  'ReadinessGatesNotReady',
  'PodCompleted',
  'PodFailed',
  'UnknownContainerStatuses',
]);

/**
 * NodeLost, from any of: the node controller's `status.reason: NodeLost`; phase Unknown; or a
 * Running pod marked not ready by a controller while every container still says ready, for
 * longer than notReadyGraceSeconds. Checked before deletion: the taint manager deletes such pods
 * after five minutes, and they then stay Terminating until the node returns, still lost.
 */
export function nodeLost(ctx: PodContext): Verdict | undefined {
  const { pod, now, thresholds, events } = ctx;
  const { phase, reason, message } = pod.status;
  if (reason === 'NodeLost') return { reason: 'NodeLost', message: `${nodeOf(ctx)} is lost${suffix(message)}` };
  if (phase === 'Unknown')
    return {
      reason: 'NodeLost',
      message: `pod phase Unknown: ${nodeOf(ctx)} is not reporting${suffix(message ?? reason)}`,
    };
  if (phase !== 'Running') return undefined;
  const ready = condition(pod, 'Ready');
  if (ready?.status !== 'False' || (ready.reason !== undefined && KUBELET_READY_REASONS.has(ready.reason)))
    return undefined;
  const statuses = pod.status.containerStatuses;
  if (statuses.length === 0 || !statuses.every((cs) => cs.ready)) return undefined;
  const since = ready.lastTransitionTime;
  if (since !== undefined && now - since <= thresholds.notReadyGraceSeconds * 1000) return undefined;
  const howLong = since === undefined ? '' : ` for ${formatDuration(now - since)}`;
  const why = latestEvent(events, pod, ['NodeNotReady'])?.message ?? ready.message ?? ready.reason;
  return {
    reason: 'NodeLost',
    message: `${nodeOf(ctx)} stopped reporting: pod marked not ready${howLong} while its containers last reported ready${suffix(why)}`,
  };
}
