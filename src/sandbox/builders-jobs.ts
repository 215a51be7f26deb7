// Scenario builders for Jobs (running, succeeded or failed, with their pods) and CronJobs, for tests and the demo.
import { randomUUID } from 'node:crypto';
import { containersOf, created, template, type WorkloadInput } from './builder-input.js';
import type { ClusterState } from './cluster-state.js';
import { ownerRef, runningPod, suffix } from './pod-factory.js';
import { terminate } from './pod-status.js';
import { type KubeObject, timestamp } from './types.js';
import { refreshJob } from './workload-status.js';

export interface JobInput extends Omit<WorkloadInput, 'replicas'> {
  /** running (default), succeeded, or failed (after backoffLimit + 1 failed pods). */
  state?: 'running' | 'succeeded' | 'failed';
  backoffLimit?: number;
  owner?: KubeObject;
}

/** Job with its pods, in the given state; owned by `owner` (a CronJob) when given. */
export function job(cluster: ClusterState, input: JobInput): { job: KubeObject; pods: KubeObject[] } {
  const containers = containersOf(input);
  const backoffLimit = input.backoffLimit ?? 6;
  // The controller-uid labels need the Job's uid up front, as the API server assigns it before the Job is stored.
  const uid = randomUUID();
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': input.name,
    'controller-uid': uid,
    'job-name': input.name,
    ...input.labels,
  };
  const j = cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      uid,
      labels,
      ...(input.owner ? { ownerReferences: [ownerRef(input.owner)] } : {}),
      ...created(input),
    },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: template(labels, containers, 'Never'),
    },
  });
  const count = input.state === 'failed' ? backoffLimit + 1 : 1;
  const pods = Array.from({ length: count }, (_, i) => {
    const name = `${input.name}-${suffix(`${input.namespace}/${input.name}/${i}`)}`;
    runningPod(cluster, {
      namespace: input.namespace,
      name,
      labels,
      owner: j,
      containers,
      restartPolicy: 'Never',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    });
    if (input.state === 'succeeded') return terminate(cluster, input.namespace, name, { exitCode: 0 });
    if (input.state === 'failed') return terminate(cluster, input.namespace, name, { exitCode: 1 });
    return cluster.get('Pod', input.namespace, name) as KubeObject;
  });
  refreshJob(cluster, cluster.get('Job', input.namespace, input.name) ?? j, timestamp(cluster.now()));
  return { job: cluster.get('Job', input.namespace, input.name) ?? j, pods };
}

/** CronJob with one Job (named like the controller's: name-<minutes since epoch>) and its pod. */
export function cronJobWithJob(
  cluster: ClusterState,
  input: JobInput & { schedule?: string },
): { cronJob: KubeObject; job: KubeObject; pods: KubeObject[] } {
  const containers = containersOf(input);
  const cron = cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.labels ? { labels: input.labels } : {}),
      ...created(input),
    },
    spec: {
      schedule: input.schedule ?? '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: {},
        spec: { backoffLimit: input.backoffLimit ?? 6, template: template({}, containers, 'Never') },
      },
    },
  });
  const scheduled = Math.floor(cluster.now().getTime() / 60_000);
  cluster.update('CronJob', input.namespace, input.name, (o) => {
    o.status = { lastScheduleTime: timestamp(new Date(scheduled * 60_000)) };
  });
  const made = job(cluster, { ...input, name: `${input.name}-${scheduled}`, owner: cron, labels: {} });
  return { cronJob: cluster.get('CronJob', input.namespace, input.name) ?? cron, job: made.job, pods: made.pods };
}
