// Classifying a pod: a pure function from its parsed state (and optionally its events) to findings.
import type { Finding, Pod, PodEvent } from '../core/index.js';
import { ownerOf } from '../core/index.js';
import { classifyAppContainer, classifyInitContainer } from './classify/container.js';
import { matchSpec, oomKilled, type PodContext, type Verdict } from './classify/context.js';
import { isOom, suffix } from './classify/describe.js';
import { failedVerdict } from './classify/failed.js';
import { nodeLost } from './classify/node-lost.js';
import { stuckCreating, unschedulable } from './classify/pending.js';
import { stuckTerminating } from './classify/terminating.js';
import { type ClassifyThresholds, DEFAULT_THRESHOLDS } from './types.js';

const totalRestarts = (pod: Pod): number =>
  [...pod.status.initContainerStatuses, ...pod.status.containerStatuses].reduce((sum, cs) => sum + cs.restartCount, 0);

type Found = { container: string | null; verdict: Verdict; restarts: number };

const podWide = (pod: Pod, verdict: Verdict | undefined): Found[] =>
  verdict === undefined ? [] : [{ container: null, verdict, restarts: totalRestarts(pod) }];

const sidecarsOf = (pod: Pod): Set<string> =>
  new Set(pod.spec.initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));

function containerFindings(ctx: PodContext): Found[] {
  const { pod } = ctx;
  const sidecars = sidecarsOf(pod);
  const found: Found[] = [];
  for (const cs of pod.status.initContainerStatuses) {
    const verdict = sidecars.has(cs.name) ? classifyAppContainer(cs, ctx) : classifyInitContainer(cs, ctx);
    if (verdict !== undefined) found.push({ container: cs.name, verdict, restarts: cs.restartCount });
  }
  for (const cs of pod.status.containerStatuses) {
    const verdict = classifyAppContainer(cs, ctx);
    if (verdict !== undefined) found.push({ container: cs.name, verdict, restarts: cs.restartCount });
  }
  return found;
}

/**
 * A Succeeded pod whose container reads OOMKilled (kubectl shows OOMKilled): the kernel killed a
 * process in it while the main one still exited 0, so the work may be incomplete. Only app
 * containers and sidecars count; a completed init container is not shown by kubectl either.
 */
function succeededButOom(pod: Pod): Found[] {
  const sidecars = sidecarsOf(pod);
  const statuses = [
    ...pod.status.initContainerStatuses.filter((cs) => sidecars.has(cs.name)),
    ...pod.status.containerStatuses,
  ];
  return statuses.flatMap((cs) => {
    const term = cs.state.terminated;
    return term !== undefined && isOom(term)
      ? [{ container: cs.name, verdict: oomKilled(cs, term), restarts: cs.restartCount }]
      : [];
  });
}

function classify(ctx: PodContext): Found[] {
  const { pod } = ctx;
  const { phase } = pod.status;
  // A lost node outranks everything: what its pods last reported is stale, and their deletion never completes.
  const lost = podWide(pod, nodeLost(ctx));
  if (lost.length > 0) return lost;
  // Being deleted is not actionable, until the deletion is long overdue.
  if (pod.metadata.deletionTimestamp !== undefined) return podWide(pod, stuckTerminating(ctx));
  if (phase === 'Succeeded') return succeededButOom(pod);
  const failed = podWide(pod, failedVerdict(ctx));
  if (failed.length > 0) return failed;

  // With restartPolicy Always a Failed pod was failed from outside (deadline, a reason above), so its containers' exits are not the app's fault.
  const externallyFailed = phase === 'Failed' && pod.spec.restartPolicy === 'Always';
  const found = [...podWide(pod, unschedulable(ctx)), ...(externallyFailed ? [] : containerFindings(ctx))];
  if (found.length === 0) {
    const stuck = stuckCreating(ctx, [...pod.status.initContainerStatuses, ...pod.status.containerStatuses]);
    if (stuck !== undefined) found.push({ container: stuck.container, verdict: stuck.verdict, restarts: 0 });
  }
  // A bare pod has no controller to replace it, so its failure is worth a finding even when no container explains it;
  // a controller's pod is, when the pod says why it failed.
  const bare = !pod.metadata.ownerReferences.some((ref) => ref.controller === true);
  if (found.length === 0 && phase === 'Failed' && (bare || pod.status.reason !== undefined)) {
    const { reason, message } = pod.status;
    found.push(
      ...podWide(pod, {
        reason: 'Error',
        message: `pod failed${suffix([reason, message].filter(Boolean).join(': '))}`,
      }),
    );
  }
  return found;
}

/** Findings for one pod: at most one per container (the most specific reason), or one pod-level one. `now` is epoch ms. */
export function classifyPod(
  pod: Pod,
  now: number,
  thresholds: ClassifyThresholds = DEFAULT_THRESHOLDS,
  events: PodEvent[] = [],
): Finding[] {
  const matched = matchSpec(pod);
  // A container that exits will be started again unless the pod is Failed or its policy says Never.
  const restarts = matched.status.phase !== 'Failed' && matched.spec.restartPolicy !== 'Never';
  const ctx: PodContext = { pod: matched, now, thresholds, events, restarts };
  return classify(ctx).map(({ container, verdict, restarts: restartCount }) => ({
    namespace: pod.metadata.namespace,
    pod: pod.metadata.name,
    podUid: pod.metadata.uid,
    container,
    ...verdict,
    restarts: restartCount,
    owner: ownerOf(pod),
  }));
}

/** classifyPod over a batch, e.g. everything `kubectl get pods -A -o json` printed. */
export function classifyPods(
  pods: readonly Pod[],
  now: number,
  thresholds: ClassifyThresholds = DEFAULT_THRESHOLDS,
): Finding[] {
  return pods.flatMap((pod) => classifyPod(pod, now, thresholds));
}
