// Assembling a finding's evidence from already-fetched pod state, events and logs: pure, capped, redacted.
import type { ContainerState, ContainerStatus, Evidence, Pod, PodEvent, Terminated } from '../core/index.js';
import { sanitize, sanitizeLine, sanitizeShort } from '../redact/index.js';
import { eventConcerns } from './classify/describe.js';

/** Longest single event message or state detail kept; the log tail has its own budget. */
const MESSAGE_CHARS = 500;
/** Termination messages can be a log tail themselves (FallbackToLogsOnError). */
const TERMINATION_CHARS = 2000;

export interface EvidenceInput {
  pod: Pod;
  container: string | null;
  events: PodEvent[];
  logs: { text: string; previous: boolean } | null;
  caps: { maxChars: number; maxEvents: number };
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function findStatus(pod: Pod, container: string): ContainerStatus | undefined {
  return [...pod.status.containerStatuses, ...pod.status.initContainerStatuses].find((cs) => cs.name === container);
}

function describeState(state: ContainerState, ready: boolean): string {
  const { waiting, running, terminated } = state;
  if (waiting !== undefined) {
    // CrashLoopBackOff's own message only repeats the back-off delay and the pod's name.
    const why = waiting.reason === 'CrashLoopBackOff' ? '' : sanitizeShort(waiting.message ?? '', MESSAGE_CHARS);
    return `waiting: ${sanitizeShort(waiting.reason ?? 'unknown', 100)}${why ? ` (${why})` : ''}`;
  }
  if (terminated !== undefined)
    return `terminated: ${sanitizeShort(terminated.reason ?? 'unknown', 100)} (exit ${terminated.exitCode})`;
  if (running !== undefined)
    return `running${running.startedAt === undefined ? '' : ` since ${iso(running.startedAt)}`}${ready ? ', ready' : ', not ready'}`;
  return 'unknown';
}

function describePod(pod: Pod): string {
  const { phase = 'Unknown', reason } = pod.status;
  const unscheduled = pod.status.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const why = reason ?? unscheduled?.reason;
  return `pod ${sanitizeShort(phase, 50)}${why ? `: ${sanitizeShort(why, 100)}` : ''}`;
}

function describeTermination(term: Terminated | undefined): {
  value?: Evidence['lastTermination'];
  truncated: boolean;
} {
  if (term === undefined) return { truncated: false };
  const message = term.message === undefined ? undefined : sanitize(term.message, TERMINATION_CHARS);
  const value: NonNullable<Evidence['lastTermination']> = { exitCode: term.exitCode };
  if (term.reason !== undefined) value.reason = sanitizeShort(term.reason, 100);
  if (message !== undefined && message.text !== '') value.message = message.text;
  if (term.finishedAt !== undefined) value.finishedAt = iso(term.finishedAt);
  return { value, truncated: message?.truncated ?? false };
}

/** Warning events about this pod (and container), newest first, one entry per reason+message. */
function warningEvents(input: EvidenceInput): { events: Evidence['events']; truncated: boolean } {
  const { pod, container, caps } = input;
  const relevant = input.events
    .filter((e) => e.type === 'Warning' && eventConcerns(e, pod, container ?? undefined))
    .sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
  const merged = new Map<string, { reason: string; message: string; count: number; lastSeen?: number }>();
  for (const e of relevant) {
    const key = `${e.reason}\u0000${e.message}`;
    const seen = merged.get(key);
    if (seen === undefined)
      merged.set(key, { reason: e.reason, message: e.message, count: e.count, lastSeen: e.lastSeen });
    else seen.count += e.count;
  }
  let truncated = merged.size > caps.maxEvents;
  const events = [...merged.values()].slice(0, Math.max(0, caps.maxEvents)).map((e) => {
    const message = sanitizeLine(e.message, Math.min(MESSAGE_CHARS, caps.maxChars));
    if (message.truncated) truncated = true;
    const lastSeen = iso(e.lastSeen);
    return {
      reason: sanitizeShort(e.reason, 100),
      message: message.text,
      count: e.count,
      ...(lastSeen === undefined ? {} : { lastSeen }),
    };
  });
  return { events, truncated };
}

/** Everything a person or a model needs to see about one finding, with every cluster string sanitized. */
export function buildEvidence(input: EvidenceInput): Evidence {
  const { pod, container, logs, caps } = input;
  const status = container === null ? undefined : findStatus(pod, container);
  const restarts =
    status?.restartCount ??
    [...pod.status.containerStatuses, ...pod.status.initContainerStatuses].reduce(
      (sum, cs) => sum + cs.restartCount,
      0,
    );
  const state =
    container === null
      ? describePod(pod)
      : status === undefined
        ? `no status yet (${describePod(pod)})`
        : describeState(status.state, status.ready);
  // The current termination when the container is not coming back (a Job), else the one before this instance.
  const termination = describeTermination(status?.state.terminated ?? status?.lastState.terminated);
  const events = warningEvents(input);
  const log = logs === null ? { text: '', truncated: false } : sanitize(logs.text, caps.maxChars);

  const evidence: Evidence = {
    pod: sanitizeShort(pod.metadata.name, 253),
    container: container === null ? null : sanitizeShort(container, 253),
    state,
    restarts,
    events: events.events,
    logTail: log.text,
    logsPrevious: logs?.previous ?? false,
    truncated: log.truncated || events.truncated || termination.truncated,
  };
  if (termination.value !== undefined) evidence.lastTermination = termination.value;
  return evidence;
}
