// The workload controllers' rollouts on a timer: when a pod template changes (e.g. after Clopus patches it), a
// Deployment rolls out after `delayMs`, all at once; a StatefulSet or DaemonSet moves one pod every `delayMs`, each
// step only once every pod is Ready, and waits (looking again every `delayMs`, at least 50 ms) while one is not.
import { rollout } from './builders.js';
import type { ClusterState } from './cluster-state.js';
import { daemonSetStep, type SetStepOptions, statefulSetStep } from './set-rollout.js';
import type { KubeObject } from './types.js';

export interface AutoRolloutOptions extends Pick<SetStepOptions, 'files'> {
  delayMs?: number;
  /** Called with each pod a rollout creates, before its next step (a behaviour judges the pod there). */
  onPodCreated?: (pod: KubeObject) => void;
}

const ROLLING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Starts rolling workloads out whenever their pod template changes; returns a function that stops it. */
export function autoRollout(cluster: ClusterState, opts: AutoRolloutOptions = {}): () => void {
  const delay = opts.delayMs ?? 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms = delay): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const created = (pods: KubeObject[]): void => {
    for (const pod of pods) opts.onPodCreated?.(pod);
  };
  // One step loop per StatefulSet or DaemonSet; a template change while it runs is picked up by its next step.
  const rolling = new Set<string>();
  const roll = (kind: 'StatefulSet' | 'DaemonSet', ns: string, name: string): void => {
    const key = `${kind}/${ns}/${name}`;
    if (rolling.has(key)) return;
    rolling.add(key);
    const step = (): void => {
      const stepOpts = opts.files ? { files: opts.files } : {};
      const result =
        kind === 'StatefulSet'
          ? statefulSetStep(cluster, ns, name, stepOpts)
          : daemonSetStep(cluster, ns, name, stepOpts);
      created(result.created);
      if (result.done) rolling.delete(key);
      else later(step, result.changed ? delay : Math.max(delay, 50));
    };
    later(step);
  };
  const unsubscribe = cluster.subscribe((change) => {
    if (!ROLLING.has(change.kind) || change.type !== 'MODIFIED') return;
    if (JSON.stringify(change.prev?.obj.spec?.template) === JSON.stringify(change.entry.obj.spec?.template)) return;
    const { namespace = 'default', name } = change.entry.obj.metadata;
    if (change.kind === 'Deployment') {
      later(() => {
        if (cluster.entry('Deployment', namespace, name)) created(rollout(cluster, namespace, name)?.pods ?? []);
      });
    } else {
      roll(change.kind as 'StatefulSet' | 'DaemonSet', namespace, name);
    }
  });
  return () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
}
