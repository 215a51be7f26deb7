// Keeps owners' statuses true to their pods (what the controllers would do), after a builder changes a pod.
import type { ClusterState } from './cluster-state.js';
import { isReady, owned, updateIfChanged } from './owned.js';
import { condition, templateHash } from './pod-factory.js';
import { refreshDaemonSet, refreshStatefulSet } from './set-status.js';
import { type Fields, type KubeObject, timestamp } from './types.js';

export { isReady, updateIfChanged } from './owned.js';

function setCondition(status: Fields, type: string, ok: boolean, reason: string, message: string, at: string): void {
  const conds = (status.conditions ?? []) as Fields[];
  const old = conds.find((c) => c.type === type);
  const changed = old?.status !== (ok ? 'True' : 'False');
  const next = {
    type,
    status: ok ? 'True' : 'False',
    lastUpdateTime: changed ? at : (old?.lastUpdateTime ?? at),
    lastTransitionTime: changed ? at : (old?.lastTransitionTime ?? at),
    reason,
    message,
  };
  status.conditions = old ? conds.map((c) => (c.type === type ? next : c)) : [...conds, next];
}

function refreshReplicaSet(cluster: ClusterState, rs: KubeObject, at: string): void {
  const pods = owned(cluster, 'Pod', rs.metadata.namespace ?? '', rs);
  const ready = pods.filter(isReady).length;
  updateIfChanged(cluster, 'ReplicaSet', rs.metadata.namespace ?? '', rs.metadata.name, (o) => {
    o.status = {
      ...o.status,
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: o.metadata.generation ?? 1,
    };
  });
  const deployRef = (rs.metadata.ownerReferences ?? []).find((r) => r.kind === 'Deployment');
  if (deployRef) refreshDeployment(cluster, rs.metadata.namespace ?? '', deployRef.name, at);
}

export function refreshDeployment(cluster: ClusterState, ns: string, name: string, at: string): void {
  const deploy = cluster.entry('Deployment', ns, name)?.obj;
  if (!deploy) return;
  const sets = owned(cluster, 'ReplicaSet', ns, deploy);
  const revision = deploy.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const current =
    sets.find((s) => s.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision) ?? sets[0];
  // Updated replicas are those of the ReplicaSet of the current template: none until a rollout makes it, so a
  // template patch never reads as rolled out.
  const hash = templateHash(deploy.spec?.template);
  const updated = sets.find((s) => s.metadata.labels?.['pod-template-hash'] === hash);
  const sum = (f: string): number => sets.reduce((n, s) => n + Number(s.status?.[f] ?? 0), 0);
  updateIfChanged(cluster, 'Deployment', ns, name, (o) => {
    const want = Number(o.spec?.replicas ?? 1);
    const available = sum('availableReplicas');
    const maxUnavailable = Math.floor(want * 0.25);
    const status: Fields = {
      ...o.status,
      observedGeneration: o.metadata.generation ?? 1,
      replicas: sum('replicas'),
      updatedReplicas: Number(updated?.status?.replicas ?? 0),
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
    };
    if (want - available > 0) status.unavailableReplicas = want - available;
    else delete status.unavailableReplicas;
    const ok = available >= want - maxUnavailable;
    setCondition(
      status,
      'Available',
      ok,
      ok ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      ok ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      at,
    );
    if (!status.conditions.some((c: Fields) => c.type === 'Progressing')) {
      setCondition(
        status,
        'Progressing',
        true,
        'NewReplicaSetAvailable',
        `ReplicaSet "${current?.metadata.name ?? name}" has successfully progressed.`,
        at,
      );
    }
    o.status = status;
  });
}

export function refreshJob(cluster: ClusterState, job: KubeObject, at: string): void {
  const ns = job.metadata.namespace ?? '';
  const pods = owned(cluster, 'Pod', ns, job);
  const count = (phase: string): number => pods.filter((p) => p.status?.phase === phase).length;
  updateIfChanged(cluster, 'Job', ns, job.metadata.name, (o) => {
    const succeeded = count('Succeeded');
    const failed = count('Failed');
    const active = pods.length - succeeded - failed;
    const status: Fields = {
      ...o.status,
      startTime: o.status?.startTime ?? job.metadata.creationTimestamp ?? at,
      active,
      ready: pods.filter(isReady).length,
      terminating: 0,
    };
    for (const [k, v] of [
      ['succeeded', succeeded],
      ['failed', failed],
    ] as const) {
      if (v > 0) status[k] = v;
      else delete status[k];
    }
    if (active === 0) delete status.active;
    const completions = Number(o.spec?.completions ?? 1);
    if (succeeded >= completions && !status.completionTime) {
      status.completionTime = at;
      status.conditions = [
        condition('SuccessCriteriaMet', true, at, 'CompletionsReached', 'Reached expected number of succeeded pods'),
        condition('Complete', true, at, 'CompletionsReached', 'Reached expected number of succeeded pods'),
      ];
    } else if (failed > Number(o.spec?.backoffLimit ?? 6) && active === 0 && succeeded < completions) {
      status.conditions = [
        condition('FailureTarget', true, at, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        condition('Failed', true, at, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
      ];
    }
    o.status = status;
  });
  const cronRef = (job.metadata.ownerReferences ?? []).find((r) => r.kind === 'CronJob');
  if (cronRef) refreshCronJob(cluster, ns, cronRef.name);
}

function refreshCronJob(cluster: ClusterState, ns: string, name: string): void {
  const cron = cluster.entry('CronJob', ns, name)?.obj;
  if (!cron) return;
  const jobs = owned(cluster, 'Job', ns, cron);
  const active = jobs.filter(
    (j) =>
      !((j.status?.conditions ?? []) as Fields[]).some(
        (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      ),
  );
  const lastDone = jobs
    .map((j) => j.status?.completionTime as string | undefined)
    .filter(Boolean)
    .sort()
    .pop();
  updateIfChanged(cluster, 'CronJob', ns, name, (o) => {
    o.status = {
      ...o.status,
      ...(active.length
        ? {
            active: active.map((j) => ({
              kind: 'Job',
              namespace: ns,
              name: j.metadata.name,
              uid: j.metadata.uid,
              apiVersion: 'batch/v1',
              resourceVersion: j.metadata.resourceVersion,
            })),
          }
        : {}),
    };
    if (!active.length) delete o.status.active;
    if (lastDone) o.status.lastSuccessfulTime = lastDone;
  });
}

/** Recomputes the status of the pod's owner chain (ReplicaSet → Deployment, StatefulSet, DaemonSet, Job → CronJob). */
export function refreshOwners(cluster: ClusterState, pod: KubeObject): void {
  const at = timestamp(cluster.now());
  const ns = pod.metadata.namespace ?? '';
  for (const ref of pod.metadata.ownerReferences ?? []) {
    const owner = cluster.entry(ref.kind, ns, ref.name)?.obj;
    if (!owner) continue;
    if (ref.kind === 'ReplicaSet') refreshReplicaSet(cluster, owner, at);
    else if (ref.kind === 'StatefulSet') refreshStatefulSet(cluster, owner);
    else if (ref.kind === 'DaemonSet') refreshDaemonSet(cluster, owner);
    else if (ref.kind === 'Job') refreshJob(cluster, owner, at);
  }
}
