// The Job controller's part: the API server's defaults for a created Job, and its status from its pods (active,
// succeeded, failed counts; Complete, Failed with BackoffLimitExceeded or DeadlineExceeded).
import type { ClusterState } from '../cluster-state.js';
import { condition } from '../pod-factory.js';
import { type Fields, type KubeObject, timestamp } from '../types.js';
import { controllerLabels } from './pod-states.js';

/** What the API server fills into a Job created without them, and the start the controller records. */
export function adoptJob(cluster: ClusterState, job: KubeObject): KubeObject {
  const at = timestamp(cluster.now());
  return cluster.update('Job', job.metadata.namespace, job.metadata.name, (j) => {
    const spec: Fields = j.spec ?? {};
    spec.parallelism ??= 1;
    spec.completions ??= 1;
    spec.backoffLimit ??= 6;
    spec.completionMode ??= 'NonIndexed';
    spec.suspend ??= false;
    spec.manualSelector ??= false;
    spec.podReplacementPolicy ??= 'TerminatingOrFailed';
    spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid ?? '' } };
    const tpl: Fields = spec.template ?? {};
    tpl.metadata = { ...tpl.metadata, labels: { ...tpl.metadata?.labels, ...controllerLabels(j) } };
    spec.template = tpl;
    j.spec = spec;
    j.status = {
      ...j.status,
      startTime: j.status?.startTime ?? at,
      active: 0,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  });
}

export type JobChange =
  | { kind: 'active'; ready: boolean }
  | { kind: 'pod_failed' }
  | { kind: 'succeeded' }
  | { kind: 'failed'; reason: 'BackoffLimitExceeded' | 'DeadlineExceeded' };

const MESSAGES = {
  BackoffLimitExceeded: 'Job has reached the specified backoff limit',
  DeadlineExceeded: 'Job was active longer than specified deadline',
};

function terminal(j: KubeObject): boolean {
  return ((j.status?.conditions ?? []) as Fields[]).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** Moves the Job's status one step; a finished Job never changes again. Returns false when the Job is gone. */
export function updateJob(cluster: ClusterState, ns: string, name: string, change: JobChange): boolean {
  const entry = cluster.entry('Job', ns, name);
  if (!entry) return false;
  if (terminal(entry.obj)) return true;
  const at = timestamp(cluster.now());
  cluster.updateStatus('Job', ns, name, (j) => {
    const s: Fields = { ...j.status };
    const count = (k: string, by: number): void => {
      s[k] = Number(s[k] ?? 0) + by;
    };
    switch (change.kind) {
      case 'active':
        s.active = 1;
        s.ready = change.ready ? 1 : 0;
        break;
      case 'pod_failed':
        s.active = 0;
        s.ready = 0;
        count('failed', 1);
        break;
      case 'succeeded':
        s.active = 0;
        s.ready = 0;
        count('succeeded', 1);
        s.completionTime = at;
        s.conditions = [
          condition('SuccessCriteriaMet', true, at, 'CompletionsReached', 'Reached expected number of succeeded pods'),
          condition('Complete', true, at, 'CompletionsReached', 'Reached expected number of succeeded pods'),
        ];
        break;
      case 'failed':
        s.active = 0;
        s.ready = 0;
        s.conditions = [
          condition('FailureTarget', true, at, change.reason, MESSAGES[change.reason]),
          condition('Failed', true, at, change.reason, MESSAGES[change.reason]),
        ];
        break;
    }
    if (!s.active) delete s.active;
    j.status = s;
  });
  return true;
}
