// Status mutators that put a pod into the states Clopus must notice (and out of them), kubelet-faithful.
import type { ClusterState } from './cluster-state.js';
import { condition, containerId, fullImage, imageId } from './pod-factory.js';
import { type Fields, type KubeObject, timestamp } from './types.js';
import { refreshOwners } from './workload-status.js';

export interface CrashLoopOptions {
  container?: string;
  exitCode?: number;
  reason?: 'Error' | 'OOMKilled' | 'Completed' | 'ContainerCannotRun';
  restarts?: number;
  logs?: { previous?: string; current?: string };
  /** Emit the kubelet's BackOff event (default true). */
  event?: boolean;
}

function pod(cluster: ClusterState, ns: string, name: string): KubeObject {
  const p = cluster.get('Pod', ns, name);
  if (!p) throw new Error(`sandbox: pod ${ns}/${name} not found`);
  return p;
}

function firstContainer(p: KubeObject, container?: string): string {
  return container ?? String(((p.spec?.containers ?? []) as Fields[])[0]?.name ?? '');
}

/** Rewrites the Ready/ContainersReady conditions from the container statuses. */
function syncReadiness(status: Fields, at: string): void {
  const statuses = (status.containerStatuses ?? []) as Fields[];
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name as string);
  const ok = unready.length === 0;
  for (const type of ['Ready', 'ContainersReady']) {
    const conds = (status.conditions ?? []) as Fields[];
    const old = conds.find((c) => c.type === type);
    const changed = old?.status !== (ok ? 'True' : 'False');
    const next = condition(
      type,
      ok,
      changed ? at : (old?.lastTransitionTime ?? at),
      ok ? undefined : 'ContainersNotReady',
      ok ? undefined : `containers with unready status: [${unready.join(' ')}]`,
    );
    status.conditions = old ? conds.map((c) => (c.type === type ? next : c)) : [...conds, next];
  }
}

function mutateContainer(
  cluster: ClusterState,
  ns: string,
  name: string,
  container: string,
  change: (s: Fields, status: Fields, p: KubeObject) => void,
): KubeObject {
  const at = timestamp(cluster.now());
  const updated = cluster.updateStatus('Pod', ns, name, (p) => {
    const status: Fields = p.status ?? {};
    const s = ((status.containerStatuses ?? []) as Fields[]).find((c) => c.name === container);
    if (!s) throw new Error(`sandbox: container ${container} not found in pod ${ns}/${name}`);
    change(s, status, p);
    syncReadiness(status, at);
    p.status = status;
  });
  refreshOwners(cluster, updated);
  return updated;
}

/** CrashLoopBackOff: waiting, last run terminated (Error or OOMKilled), not ready, restarts counted. */
export function crashLoop(cluster: ClusterState, ns: string, name: string, opts: CrashLoopOptions = {}): KubeObject {
  const p = pod(cluster, ns, name);
  const container = firstContainer(p, opts.container);
  const reason = opts.reason ?? 'Error';
  const exitCode = opts.exitCode ?? (reason === 'OOMKilled' ? 137 : 1);
  const now = cluster.now().getTime();
  const restarts = opts.restarts ?? 5;
  const updated = mutateContainer(cluster, ns, name, container, (s) => {
    const id = containerId(`${ns}/${name}/${container}/${restarts}`);
    s.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${restarts >= 5 ? '5m0s' : `${10 * 2 ** Math.max(restarts - 1, 0)}s`} restarting failed container=${container} pod=${name}_${ns}(${p.metadata.uid ?? ''})`,
      },
    };
    s.lastState = {
      terminated: {
        exitCode,
        reason,
        startedAt: timestamp(new Date(now - 40_000)),
        finishedAt: timestamp(new Date(now - 30_000)),
        containerID: id,
      },
    };
    s.ready = false;
    s.started = false;
    s.restartCount = restarts;
    s.containerID = id;
  });
  if (opts.logs) cluster.setLogs(ns, name, container, opts.logs);
  if (opts.event !== false) {
    cluster.addEvent(
      ns,
      { kind: 'Pod', name, uid: p.metadata.uid ?? '', fieldPath: `spec.containers{${container}}` },
      {
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container ${container} in pod ${name}_${ns}(${p.metadata.uid ?? ''})`,
        count: restarts,
      },
    );
  }
  return updated;
}

/** OOMKilled crash loop (exit 137). */
export function oomKilled(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: Omit<CrashLoopOptions, 'reason'> = {},
): KubeObject {
  return crashLoop(cluster, ns, name, { ...opts, reason: 'OOMKilled' });
}

/** Back to Running and Ready; restart count and last termination stay, as on a real node. */
export function recover(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: { container?: string } = {},
): KubeObject {
  const p = pod(cluster, ns, name);
  const at = timestamp(cluster.now());
  const names = opts.container ? [opts.container] : ((p.spec?.containers ?? []) as Fields[]).map((c) => String(c.name));
  let updated = p;
  for (const container of names) {
    updated = mutateContainer(cluster, ns, name, container, (s, status, current) => {
      const spec = ((current.spec?.containers ?? []) as Fields[]).find((c) => c.name === container) ?? {};
      const restarts = Number(s.restartCount ?? 0);
      s.state = { running: { startedAt: at } };
      s.ready = true;
      s.started = true;
      s.image = fullImage(String(spec.image));
      s.imageID = imageId(String(spec.image));
      s.containerID = containerId(`${ns}/${name}/${container}/${restarts + 1}`);
      status.phase = 'Running';
    });
  }
  return updated;
}

/** ImagePullBackOff, optionally after setting a (bad) image on the container. */
export function imagePullBackOff(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: { container?: string; image?: string } = {},
): KubeObject {
  const p = pod(cluster, ns, name);
  const container = firstContainer(p, opts.container);
  if (opts.image) {
    cluster.update('Pod', ns, name, (o) => {
      for (const c of (o.spec?.containers ?? []) as Fields[]) if (c.name === container) c.image = opts.image;
    });
  }
  const image =
    opts.image ?? String(((p.spec?.containers ?? []) as Fields[]).find((c) => c.name === container)?.image ?? '');
  const updated = mutateContainer(cluster, ns, name, container, (s, status) => {
    s.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
    s.ready = false;
    s.started = false;
    s.image = image;
    s.imageID = '';
    delete s.containerID;
    if (!((status.containerStatuses ?? []) as Fields[]).some((c) => c.state?.running)) status.phase = 'Pending';
  });
  const involved = { kind: 'Pod', name, uid: p.metadata.uid ?? '', fieldPath: `spec.containers{${container}}` };
  const ref = fullImage(image);
  cluster.addEvent(ns, involved, {
    type: 'Warning',
    reason: 'Failed',
    message: `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
  });
  cluster.addEvent(ns, involved, { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' });
  cluster.addEvent(ns, involved, { type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${image}"` });
  cluster.addEvent(ns, involved, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' });
  return updated;
}

/** Pending and unschedulable: no node, PodScheduled False, the scheduler's FailedScheduling event. */
export function pendingUnschedulable(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: { message?: string } = {},
): KubeObject {
  const message =
    opts.message ??
    '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  const at = timestamp(cluster.now());
  const updated = cluster.update('Pod', ns, name, (p) => {
    if (p.spec) delete p.spec.nodeName;
    p.status = {
      phase: 'Pending',
      conditions: [condition('PodScheduled', false, at, 'Unschedulable', message)],
      qosClass: p.status?.qosClass ?? 'BestEffort',
    };
  });
  cluster.addEvent(
    ns,
    { kind: 'Pod', name, uid: updated.metadata.uid ?? '' },
    { type: 'Warning', reason: 'FailedScheduling', message, component: 'default-scheduler' },
  );
  refreshOwners(cluster, updated);
  return updated;
}

/** Running but failing its readiness probe. */
export function notReady(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: { container?: string; message?: string } = {},
): KubeObject {
  const p = pod(cluster, ns, name);
  const container = firstContainer(p, opts.container);
  const updated = mutateContainer(cluster, ns, name, container, (s) => {
    s.ready = false;
  });
  cluster.addEvent(
    ns,
    { kind: 'Pod', name, uid: p.metadata.uid ?? '', fieldPath: `spec.containers{${container}}` },
    {
      type: 'Warning',
      reason: 'Unhealthy',
      message: opts.message ?? 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    },
  );
  return updated;
}

/** Every container has exited: Succeeded with exit 0, Failed otherwise. */
export function terminate(
  cluster: ClusterState,
  ns: string,
  name: string,
  opts: { exitCode?: number } = {},
): KubeObject {
  const code = opts.exitCode ?? 0;
  const now = timestamp(cluster.now());
  const updated = cluster.updateStatus('Pod', ns, name, (p) => {
    const status: Fields = p.status ?? {};
    for (const s of (status.containerStatuses ?? []) as Fields[]) {
      const started = s.state?.running?.startedAt ?? now;
      s.state = {
        terminated: {
          exitCode: code,
          reason: code === 0 ? 'Completed' : 'Error',
          startedAt: started,
          finishedAt: now,
          containerID: s.containerID,
        },
      };
      s.ready = false;
      s.started = false;
    }
    status.phase = code === 0 ? 'Succeeded' : 'Failed';
    syncReadiness(status, now);
    for (const c of (status.conditions ?? []) as Fields[])
      if (c.type === 'Ready' || c.type === 'ContainersReady') c.reason = 'PodCompleted';
    p.status = status;
  });
  refreshOwners(cluster, updated);
  return updated;
}
