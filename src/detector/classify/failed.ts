// Failed pods a pod-level cause explains: what their containers did is a consequence, not the problem.
import { nodeOf, type PodContext, type Verdict } from './context.js';
import { detail, suffix } from './describe.js';

/** The kubelet's graceful node shutdown: `Terminated` today, `Shutdown` before 1.22, `NodeShutdown` when it refuses new pods meanwhile. */
const isNodeShutdown = (reason: string, message: string | undefined): boolean =>
  reason === 'Shutdown' || reason === 'NodeShutdown' || (reason === 'Terminated' && /shut\s?down/i.test(message ?? ''));

/**
 * The kubelet's admission refusals (pkg/kubelet/lifecycle): `OutOf<resource>`, a predicate name
 * such as NodeAffinity, UnexpectedAdmissionError (a device plugin, often). Its rejectPod prefixes
 * every message with "Pod was rejected", which catches the reasons not named here.
 */
const isRejection = (reason: string, message: string | undefined): boolean =>
  reason.startsWith('OutOf') ||
  reason === 'UnexpectedAdmissionError' ||
  reason === 'NodeAffinity' ||
  /^Pod was rejected/.test(message ?? '');

/** Evicted, NodeShutdown or PodRejected for a Failed pod, whoever owns it; undefined for any other failure. */
export function failedVerdict(ctx: PodContext): Verdict | undefined {
  const { phase, reason, message } = ctx.pod.status;
  if (phase !== 'Failed' || reason === undefined) return undefined;
  if (reason === 'Evicted') return { reason: 'Evicted', message: `pod evicted${suffix(message)}` };
  if (isNodeShutdown(reason, message))
    return { reason: 'NodeShutdown', message: `pod stopped by the shutdown of ${nodeOf(ctx)}${suffix(message)}` };
  if (isRejection(reason, message))
    return {
      reason: 'PodRejected',
      message: `${nodeOf(ctx)} rejected the pod (${detail(reason) ?? '?'})${suffix(message)}`,
    };
  return undefined;
}
