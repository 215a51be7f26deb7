// The per-container rules: at most one verdict per container, the most specific cause first.
import type { ContainerStatus, Pod, PodEvent, Terminated } from '../pod-schema.js';
import type { ClassifyThresholds, Reason } from '../types.js';
import { exitAndRestarts, formatDuration, isOom, latestEvent, plural, quote, suffix } from './describe.js';

export interface Verdict {
  reason: Reason;
  message: string;
  exitCode?: number;
}

export interface PodContext {
  pod: Pod;
  now: number;
  thresholds: ClassifyThresholds;
  events: readonly PodEvent[];
  /** Whether a container that exits will be started again (restartPolicy, and the pod not already Failed). */
  restarts: boolean;
}

const IMAGE_REASONS: ReadonlySet<string> = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName']);
const CREATE_REASONS: ReadonlySet<string> = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

const withExit = (reason: Reason, message: string, term: Terminated | undefined): Verdict =>
  term === undefined ? { reason, message } : { reason, message, exitCode: term.exitCode };

function oomKilled(cs: ContainerStatus, term: Terminated): Verdict {
  return withExit('OOMKilled', `container ${quote(cs.name)} was OOMKilled (${exitAndRestarts(term, cs.restartCount)})`, term);
}

function waitingVerdict(cs: ContainerStatus, ctx: PodContext, reason: string, waitingMessage: string | undefined): Verdict | undefined {
  const last = cs.lastState.terminated;
  if (reason === 'CrashLoopBackOff') {
    // The back-off is a symptom; an OOM kill before it is the cause worth fixing.
    if (last !== undefined && isOom(last)) return oomKilled(cs, last);
    return withExit('CrashLoopBackOff', `back-off restarting failed container ${quote(cs.name)} (${exitAndRestarts(last, cs.restartCount)})${suffix(last?.message)}`, last);
  }
  if (IMAGE_REASONS.has(reason)) {
    // The kubelet's own message is only "Back-off pulling image"; the Failed event says why.
    const why = latestEvent(ctx.events, ctx.pod, ['Failed'], cs.name)?.message ?? waitingMessage;
    const verb = reason === 'InvalidImageName' ? 'invalid image name' : 'cannot pull image';
    return { reason: reason as Reason, message: `${verb} ${quote(cs.image ?? '?')} for container ${quote(cs.name)}${suffix(why)}` };
  }
  if (CREATE_REASONS.has(reason)) {
    const verb = reason === 'RunContainerError' ? 'cannot start' : 'cannot create';
    return withExit(reason as Reason, `${verb} container ${quote(cs.name)}${suffix(waitingMessage)}`, last);
  }
  return undefined;
}

/**
 * RapidRestarts is an approximation: a status only has the lifetime restartCount and the
 * time of the latest termination, not a history. "At least N restarts, the latest within
 * the window" stands in for "N restarts within the window"; a container that crashed N
 * times last week and once just now is reported too, which errs on the side of telling.
 */
function runningVerdict(cs: ContainerStatus, ctx: PodContext, startedAt: number | undefined): Verdict | undefined {
  const { thresholds, now, pod } = ctx;
  const last = cs.lastState.terminated;
  const sinceLast = last?.finishedAt === undefined ? undefined : now - last.finishedAt;
  if (cs.restartCount >= thresholds.rapidRestartCount && sinceLast !== undefined && sinceLast <= thresholds.rapidRestartWindowSeconds * 1000) {
    if (last !== undefined && isOom(last)) return oomKilled(cs, last);
    const how = last === undefined ? '' : `, last exit ${last.exitCode}${last.reason ? ` (${last.reason})` : ''} ${formatDuration(sinceLast)} ago`;
    return withExit('RapidRestarts', `container ${quote(cs.name)} restarted ${plural(cs.restartCount, 'time')}${how}`, last);
  }
  if (cs.ready || pod.status.phase !== 'Running') return undefined;
  // Measured from the later of "pod became unready" and "this instance started", so a
  // container that just restarted gets its full grace period again.
  const readyCondition = pod.status.conditions.find((c) => c.type === 'Ready' && c.status !== 'True');
  const since = Math.max(readyCondition?.lastTransitionTime ?? 0, startedAt ?? 0) || (pod.status.startTime ?? pod.metadata.creationTimestamp);
  if (since === undefined || now - since <= thresholds.notReadyGraceSeconds * 1000) return undefined;
  const probe = latestEvent(ctx.events, pod, ['Unhealthy'], cs.name)?.message;
  return {
    reason: 'NotReady',
    message: `container ${quote(cs.name)} running but not ready for ${formatDuration(now - since)} (${plural(cs.restartCount, 'restart')})${suffix(probe)}`,
  };
}

/** Rules for app containers and native sidecars. */
export function classifyAppContainer(cs: ContainerStatus, ctx: PodContext): Verdict | undefined {
  const { waiting, running, terminated } = cs.state;
  if (waiting?.reason !== undefined) return waitingVerdict(cs, ctx, waiting.reason, waiting.message);
  if (terminated !== undefined) {
    // Reported whether or not the container restarts: for a Job the OOM is still the cause.
    if (isOom(terminated)) return oomKilled(cs, terminated);
    if (terminated.exitCode === 0 || ctx.restarts) return undefined; // done, or about to be restarted
    return withExit('Error', `container ${quote(cs.name)} exited with code ${terminated.exitCode} and will not be restarted${suffix(terminated.message ?? terminated.reason)}`, terminated);
  }
  if (running !== undefined) return runningVerdict(cs, ctx, running.startedAt);
  return undefined;
}

/**
 * Rules for init containers. Every failure of one is InitContainerFailed (an OOM kill is
 * named in the message) so that a fix is aimed at spec.initContainers, not the app.
 */
export function classifyInitContainer(cs: ContainerStatus, ctx: PodContext): Verdict | undefined {
  const { waiting, terminated } = cs.state;
  const last = cs.lastState.terminated;
  if (waiting?.reason === 'CrashLoopBackOff' || (terminated !== undefined && terminated.exitCode !== 0)) {
    const term = terminated ?? last;
    const what = isOom(term) ? 'was OOMKilled' : 'failed';
    return withExit('InitContainerFailed', `init container ${quote(cs.name)} ${what} (${exitAndRestarts(term, cs.restartCount)})${suffix(term?.message)}`, term);
  }
  if (waiting?.reason !== undefined) return waitingVerdict(cs, ctx, waiting.reason, waiting.message);
  return undefined;
}
