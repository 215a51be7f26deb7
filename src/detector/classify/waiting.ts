// Waiting containers: the kubelet's named failures by family, two benign waits, and a catch-all for the rest.
import type { ContainerStatus, Reason } from '../../core/index.js';
import { oomKilled, type PodContext, scheduledAt, type Verdict, withExit } from './context.js';
import { detail, exitAndRestarts, formatDuration, isOom, latestEvent, quote, suffix } from './describe.js';

/** A container waits in these while its pod comes up; stuck ContainerCreating is judged pod-wide (see stuck-creating.ts). */
const BENIGN: ReadonlySet<string> = new Set(['ContainerCreating', 'PodInitializing']);

const IMAGE_REASONS: ReadonlySet<string> = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName']);
/**
 * The kubelet's other image errors (pkg/kubelet/images). They take the place ErrImagePull takes in
 * the pull cycle, so they are filed as ErrImagePull, with the kubelet's own name in the message.
 */
const OTHER_IMAGE_REASONS: ReadonlySet<string> = new Set([
  'ErrImageNeverPull',
  'RegistryUnavailable',
  'ImageInspectError',
  'SignatureValidationFailed',
]);

const CREATE_REASONS: ReadonlySet<string> = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);
/** Hooks around creating and starting a container (pkg/kubelet/kuberuntime), filed under the step that failed. */
const HOOK_REASONS: ReadonlyMap<string, Reason> = new Map([
  ['PreCreateHookError', 'CreateContainerError'],
  ['PreStartHookError', 'RunContainerError'],
  ['PostStartHookError', 'RunContainerError'],
]);

function imageVerdict(
  cs: ContainerStatus,
  ctx: PodContext,
  reason: string,
  waitingMessage: string | undefined,
): Verdict {
  // The kubelet's own message is often only "Back-off pulling image"; the Failed event says why.
  const why = latestEvent(ctx.events, ctx.pod, ['Failed'], cs.name)?.message ?? waitingMessage;
  const image = quote(cs.image ?? '?');
  if (IMAGE_REASONS.has(reason)) {
    const verb = reason === 'InvalidImageName' ? 'invalid image name' : 'cannot pull image';
    return { reason: reason as Reason, message: `${verb} ${image} for container ${quote(cs.name)}${suffix(why)}` };
  }
  return {
    reason: 'ErrImagePull',
    message: `cannot use image ${image} for container ${quote(cs.name)} (${reason})${suffix(why)}`,
  };
}

function startVerdict(
  cs: ContainerStatus,
  reason: Reason,
  kubeletReason: string,
  waitingMessage: string | undefined,
): Verdict {
  const verb = reason === 'RunContainerError' ? 'cannot start' : 'cannot create';
  const named = kubeletReason === reason ? '' : ` (${kubeletReason})`;
  return withExit(
    reason,
    `${verb} container ${quote(cs.name)}${named}${suffix(waitingMessage)}`,
    cs.lastState.terminated,
  );
}

/**
 * A reason the classifier does not know by name is still a container that is not running. It is
 * reported once the container has waited past containerCreatingGraceSeconds, counted from the
 * later of the pod reaching its node and the container's last exit (a status has no "waiting since").
 */
function unknownWait(
  cs: ContainerStatus,
  ctx: PodContext,
  reason: string,
  waitingMessage: string | undefined,
): Verdict | undefined {
  const { pod, now, thresholds } = ctx;
  const since = Math.max(scheduledAt(pod) ?? 0, cs.lastState.terminated?.finishedAt ?? 0);
  // No timestamp at all is treated as old: a pod cannot be younger than it claims.
  if (since > 0 && now - since <= thresholds.containerCreatingGraceSeconds * 1000) return undefined;
  const howLong = since > 0 ? ` for ${formatDuration(now - since)}` : '';
  return withExit(
    'ContainerWaiting',
    `container ${quote(cs.name)} waiting${howLong}: ${detail(reason) ?? '?'}${suffix(waitingMessage)}`,
    cs.lastState.terminated,
  );
}

/** The verdict for a container whose state is `waiting` with this reason; undefined for the benign waits. */
export function waitingVerdict(
  cs: ContainerStatus,
  ctx: PodContext,
  reason: string,
  waitingMessage: string | undefined,
): Verdict | undefined {
  if (BENIGN.has(reason)) return undefined;
  const last = cs.lastState.terminated;
  if (reason === 'CrashLoopBackOff') {
    // The back-off is a symptom; an OOM kill before it is the cause worth fixing.
    if (last !== undefined && isOom(last)) return oomKilled(cs, last);
    return withExit(
      'CrashLoopBackOff',
      `back-off restarting failed container ${quote(cs.name)} (${exitAndRestarts(last, cs.restartCount)})${suffix(last?.message)}`,
      last,
    );
  }
  if (IMAGE_REASONS.has(reason) || OTHER_IMAGE_REASONS.has(reason))
    return imageVerdict(cs, ctx, reason, waitingMessage);
  if (CREATE_REASONS.has(reason)) return startVerdict(cs, reason as Reason, reason, waitingMessage);
  const hook = HOOK_REASONS.get(reason);
  if (hook !== undefined) return startVerdict(cs, hook, reason, waitingMessage);
  return unknownWait(cs, ctx, reason, waitingMessage);
}
