// The per-container rules: at most one verdict per container, the most specific cause first.
import type { ContainerStatus } from '../../core/index.js';
import { condition, oomKilled, type PodContext, type Verdict, withExit } from './context.js';
import { detail, exitAndRestarts, formatDuration, isOom, latestEvent, plural, quote, suffix } from './describe.js';
import { waitingVerdict } from './waiting.js';

/**
 * RapidRestarts is an approximation: a status only has the lifetime restartCount and the
 * time of the latest termination, not a history. "At least N restarts, the latest within
 * the window" stands in for "N restarts within the window"; a container that crashed N
 * times last week and once just now is reported too, which errs on the side of telling.
 *
 * The latest termination's finishedAt is gone when the runtime has garbage-collected the old
 * container (lastState is empty) or the kubelet lost track of it (ContainerStatusUnknown, no
 * times). The running instance's startedAt then stands in: it began right after that exit.
 */
function rapidRestarts(cs: ContainerStatus, ctx: PodContext, startedAt: number | undefined): Verdict | undefined {
  const { thresholds, now } = ctx;
  const last = cs.lastState.terminated;
  const restartedAt = last?.finishedAt ?? (cs.restartCount > 0 ? startedAt : undefined);
  if (cs.restartCount < thresholds.rapidRestartCount || restartedAt === undefined) return undefined;
  const since = now - restartedAt;
  if (since > thresholds.rapidRestartWindowSeconds * 1000) return undefined;
  if (last !== undefined && isOom(last)) return oomKilled(cs, last);
  const why = detail(last?.reason);
  const exit = last === undefined ? '' : `, last exit ${last.exitCode}${why === undefined ? '' : ` (${why})`}`;
  const when =
    last?.finishedAt !== undefined ? ` ${formatDuration(since)} ago` : `, running again for ${formatDuration(since)}`;
  return withExit(
    'RapidRestarts',
    `container ${quote(cs.name)} restarted ${plural(cs.restartCount, 'time')}${exit}${when}`,
    last,
  );
}

function runningVerdict(cs: ContainerStatus, ctx: PodContext, startedAt: number | undefined): Verdict | undefined {
  const { thresholds, now, pod } = ctx;
  const rapid = rapidRestarts(cs, ctx, startedAt);
  if (rapid !== undefined) return rapid;
  if (cs.ready || pod.status.phase !== 'Running') return undefined;
  const ready = condition(pod, 'Ready');
  // The pod's own Ready condition has the last word: while it is True, nothing is unready.
  if (ready?.status === 'True') return undefined;
  // Measured from the later of "pod became unready" and "this instance started", so a
  // container that just restarted gets its full grace period again.
  const since =
    Math.max(ready?.lastTransitionTime ?? 0, startedAt ?? 0) ||
    (pod.status.startTime ?? pod.metadata.creationTimestamp);
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
    return withExit(
      'Error',
      `container ${quote(cs.name)} exited with code ${terminated.exitCode} and will not be restarted${suffix(terminated.message ?? terminated.reason)}`,
      terminated,
    );
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
    return withExit(
      'InitContainerFailed',
      `init container ${quote(cs.name)} ${what} (${exitAndRestarts(term, cs.restartCount)})${suffix(term?.message)}`,
      term,
    );
  }
  if (waiting?.reason !== undefined) return waitingVerdict(cs, ctx, waiting.reason, waiting.message);
  return undefined;
}
