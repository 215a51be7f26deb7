// Helpers that turn pod state into the short sentences findings carry.
import type { Pod, PodEvent, Terminated } from '../../core/index.js';
import { sanitizeShort } from '../../redact/index.js';

/** Longest piece of cluster text (a probe error, an event) quoted inside a finding's message. */
const DETAIL_CHARS = 240;

/** Cluster text is untrusted: every piece quoted in a message is sanitized and kept short. */
export function detail(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = sanitizeShort(text, DETAIL_CHARS);
  return clean === '' ? undefined : clean;
}

/** `: detail` when there is one, so messages read the same with or without it. */
export const suffix = (text: string | undefined): string => {
  const clean = detail(text);
  return clean === undefined ? '' : `: ${clean}`;
};

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 120 * 60) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Names stay recognisable but cannot smuggle markup or newlines into a message. */
export const quote = (name: string): string => `"${detail(name) ?? ''}"`;

/** `exit 1, 7 restarts` */
export function exitAndRestarts(term: Terminated | undefined, restarts: number): string {
  const parts = term === undefined ? [] : [`exit ${term.exitCode}`];
  return [...parts, plural(restarts, 'restart')].join(', ');
}

export const isOom = (term: Terminated | undefined): boolean => term?.reason === 'OOMKilled';

/** Whether an event is about this pod (and, when given, this container or the pod as a whole). */
export function eventConcerns(event: PodEvent, pod: Pod, container?: string): boolean {
  const about = event.involvedObject;
  if (about.kind !== undefined && about.kind !== 'Pod') return false;
  if (about.uid && pod.metadata.uid && about.uid !== pod.metadata.uid) return false;
  if (about.name !== undefined && about.name !== pod.metadata.name) return false;
  if (container === undefined || about.fieldPath === undefined) return true;
  return about.fieldPath.endsWith(`{${container}}`);
}

/** The newest event with one of these reasons: extra detail for a message, never required. */
export function latestEvent(
  events: readonly PodEvent[],
  pod: Pod,
  reasons: readonly string[],
  container?: string,
): PodEvent | undefined {
  let best: PodEvent | undefined;
  for (const event of events) {
    if (!reasons.includes(event.reason) || !eventConcerns(event, pod, container)) continue;
    if (best === undefined || (event.lastSeen ?? 0) >= (best.lastSeen ?? 0)) best = event;
  }
  return best;
}
