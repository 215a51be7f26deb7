// Verification after a fix: watch the workload's pods through a window. Every current pod Ready, with no restart
// since the fix and no finding from the classifier, and the rollout complete → verified; otherwise regressed,
// saying what was seen.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from '../../core/index.js';
import { type ClassifyThresholds, classifyPod, DEFAULT_THRESHOLDS } from '../../detector/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import { desiredPods, rolloutProblem } from './rollout.js';
import type { ApplyIncident, VerifyOutcome } from './types.js';
import { type WorkloadSnapshot, workloadPods } from './workload-pods.js';

export interface VerifyInput {
  kube: KubeClient;
  incident: ApplyIncident;
  /** When the fix was applied (ApplyOutcome.at); the window runs from here. */
  since: Date | string;
  /** How long to watch; the design's default is 2 minutes. */
  windowMs: number;
  /** Between two looks at the pods; default 5 s (capped to the window). */
  pollMs?: number;
  now?: () => Date;
  logger?: Logger;
  thresholds?: ClassifyThresholds;
  /** Ends the watch early (a shutdown): verifyWorkload then rejects with the abort reason and judges nothing. */
  signal?: AbortSignal;
  /** Called after each look at the workload, e.g. to show a person who waits how it is going. */
  onLook?: (look: VerifyLook) => void;
}

/** One look at the workload while verifying: Ready pods of those it wants, what is wrong, and the time left. */
export interface VerifyLook {
  ready: number;
  /** The pods the workload wants (its replicas), or the pods seen when it names no number (a Job). */
  want: number;
  problems: readonly string[];
  msLeft: number;
}

const MAX_SHOWN = 6;

const isReady = (pod: Pod): boolean => pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One pod instance as it stood at the fix: created after it (`fresh`), and restart counts per container. */
interface Baseline {
  fresh: boolean;
  restarts: Map<string, number>;
}

/**
 * A pod is fresh if it was created after the fix, or first appeared after verification began. (Timestamps have
 * whole seconds, so one made just after the fix may look older; it is then judged at the end of the window.)
 * A fresh pod starts from zero restarts; an older one from the count first seen, less one if its last
 * termination came after the fix, so a restart between applying and the first look still counts.
 */
function baselineOf(pod: Pod, since: number, firstLook: boolean): Baseline {
  const fresh = !firstLook || (pod.metadata.creationTimestamp ?? 0) >= since;
  const statuses = [...pod.status.initContainerStatuses, ...pod.status.containerStatuses];
  return {
    fresh,
    restarts: new Map(
      statuses.map((cs) => {
        const endedSince = (cs.lastState.terminated?.finishedAt ?? 0) >= since ? 1 : 0;
        return [cs.name, fresh ? 0 : Math.max(0, cs.restartCount - endedSince)];
      }),
    ),
  };
}

function restartsSince(pod: Pod, baseline: Baseline): number {
  return [...pod.status.initContainerStatuses, ...pod.status.containerStatuses].reduce(
    (n, cs) => n + Math.max(0, cs.restartCount - (baseline.restarts.get(cs.name) ?? 0)),
    0,
  );
}

/** One thing wrong with the workload; `freshFailure` marks a restart or finding of a pod created after the fix. */
interface Problem {
  text: string;
  freshFailure: boolean;
}

/** What is wrong with the workload as it stands; empty when healthy. */
function problems(
  snap: WorkloadSnapshot,
  input: VerifyInput,
  baselines: Map<string, Baseline>,
  nowMs: number,
): Problem[] {
  const { workloadKind: kind, workloadName: name } = input.incident;
  const label = `${kind.toLowerCase()}/${name}`;
  if (snap.gone) return [{ text: `${label} no longer exists`, freshFailure: false }];
  const out: Problem[] = [];
  for (const pod of snap.pods) {
    const baseline = baselines.get(pod.metadata.uid) ?? { fresh: false, restarts: new Map() };
    const fresh = baseline.fresh;
    const restarts = restartsSince(pod, baseline);
    if (restarts > 0)
      out.push({
        text: `pod ${pod.metadata.name} restarted ${plural(restarts, 'time')} after the fix`,
        freshFailure: fresh,
      });
    const findings = classifyPod(pod, nowMs, input.thresholds ?? DEFAULT_THRESHOLDS);
    for (const f of findings)
      out.push({ text: `pod ${pod.metadata.name}: ${f.reason}: ${f.message}`, freshFailure: fresh });
    if (findings.length === 0 && !isReady(pod) && pod.status.phase !== 'Succeeded')
      out.push({ text: `pod ${pod.metadata.name} is not Ready`, freshFailure: false });
  }
  const want = desiredPods(kind, snap.workload);
  if (snap.pods.length < want)
    out.push({ text: `${label} has ${plural(snap.pods.length, 'pod')} of the ${want} it wants`, freshFailure: false });
  const rollout = snap.workload ? rolloutProblem(kind, snap.workload) : undefined;
  if (rollout) out.push({ text: rollout, freshFailure: false });
  return out;
}

/** Keeps a regression's detail readable when ten replicas fail the same way. */
function summarize(texts: string[]): string {
  const unique = [...new Set(texts)];
  const shown = unique.slice(0, MAX_SHOWN).join('; ');
  return unique.length > MAX_SHOWN ? `${shown}; and ${unique.length - MAX_SHOWN} more` : shown;
}

/** Watches the workload from `since` until `since + windowMs` (at least one look) and judges the fix. */
export async function verifyWorkload(input: VerifyInput): Promise<VerifyOutcome> {
  const now = input.now ?? (() => new Date());
  const since = new Date(input.since).getTime();
  const pollMs = Math.max(10, Math.min(input.pollMs ?? 5000, input.windowMs));
  // The number of looks is fixed up front, so a pinned clock in a test cannot make the loop run forever.
  const looks = 1 + Math.max(0, Math.ceil((since + input.windowMs - now().getTime()) / pollMs));
  const baselines = new Map<string, Baseline>();
  let last: Problem[] = [];
  let pods = 0;
  for (let i = 0; i < looks; i++) {
    input.signal?.throwIfAborted();
    if (i > 0) await sleep(pollMs, undefined, input.signal ? { signal: input.signal } : {});
    let snap: WorkloadSnapshot;
    try {
      snap = await workloadPods(input.kube, input.incident);
    } catch (err) {
      // One failed look (an API server blip) does not decide anything; the last look must succeed.
      if (i === looks - 1) throw err;
      input.logger?.warn({ incidentId: input.incident.id, err }, 'verification look failed; trying again');
      continue;
    }
    for (const pod of snap.pods)
      if (!baselines.has(pod.metadata.uid)) baselines.set(pod.metadata.uid, baselineOf(pod, since, i === 0));
    last = problems(snap, input, baselines, now().getTime());
    pods = snap.pods.length;
    const ready = snap.pods.filter(isReady).length;
    input.onLook?.({
      ready,
      want: desiredPods(input.incident.workloadKind, snap.workload) || pods,
      problems: last.map((p) => p.text),
      msLeft: Math.max(0, since + input.windowMs - now().getTime()),
    });
    // A pod created after the fix that already restarts or fails will not get better by waiting. An older pod
    // may still be replaced by the rollout, so its state is judged at the end of the window.
    if (last.some((p) => p.freshFailure)) break;
  }
  const verdict: VerifyOutcome =
    last.length === 0
      ? {
          verdict: 'verified',
          detail: `${plural(pods, 'pod')} Ready with no new restarts for ${Math.round(input.windowMs / 1000)} s after the fix`,
        }
      : { verdict: 'regressed', detail: summarize(last.map((p) => p.text)) };
  input.logger?.info(
    { incidentId: input.incident.id, verdict: verdict.verdict, detail: verdict.detail },
    'fix verification finished',
  );
  return verdict;
}
