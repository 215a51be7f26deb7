// Pods whose health follows their real cause. A behaviour decides, from a pod's container spec and files, whether
// the container starts; the loop here plays the kubelet (retrying failed containers) and the Deployment,
// ReplicaSet, StatefulSet and DaemonSet controllers (rolling a changed template out, replacing deleted pods). So
// fixing the cause (the file, the memory limit, the image tag) really heals the pods, and a wrong fix leaves them
// broken. StatefulSets and DaemonSets roll one pod at a time, each new pod judged as it starts, so a wrong fix
// stalls their rollout as it would in a cluster.

import { autoRollout } from './auto-rollout.js';
import { crashLoop, imagePullBackOff, oomKilled, recover, replenish } from './builders.js';
import type { ClusterState } from './cluster-state.js';
import { daemonSetStep, statefulSetStep } from './set-rollout.js';
import type { Fields, KubeObject } from './types.js';

export type Start =
  | { ok: true }
  /** The process exits: `log` is what it printed before it did. */
  | { ok: false; cause: 'crash'; log: string; exitCode?: number }
  | { ok: false; cause: 'oom'; log?: string }
  /** The image cannot be pulled. */
  | { ok: false; cause: 'pull' };

export interface StartContext {
  pod: KubeObject;
  /** The container's spec in this pod. */
  container: Fields;
  /** A file as text, or undefined when it does not exist: in this container, or in another of the pod's (a shared volume). */
  file(path: string, container?: string): string | undefined;
}

export interface Behaviour {
  namespace: string;
  /** The pods it governs, by label (e.g. { app: 'api' }). */
  labels: Record<string, string>;
  container: string;
  start(ctx: StartContext): Start;
}

export interface SimulateOptions {
  /** Delay before a changed Deployment template rolls out (default 500 ms). */
  rolloutDelayMs?: number;
  /** How often failed containers are retried and deleted pods replaced (default 1 s). */
  retryMs?: number;
}

type Seen = 'running' | 'crash' | 'oom' | 'pull' | 'other';

function seen(pod: KubeObject, container: string): Seen {
  const s = ((pod.status?.containerStatuses ?? []) as Fields[]).find((c) => c.name === container);
  if (s?.state?.running && s.ready) return 'running';
  const waiting = s?.state?.waiting?.reason;
  if (waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull') return 'pull';
  if (waiting === 'CrashLoopBackOff') return s?.lastState?.terminated?.reason === 'OOMKilled' ? 'oom' : 'crash';
  return 'other';
}

const matches = (labels: Record<string, string> | undefined, want: Record<string, string>): boolean =>
  Object.entries(want).every(([k, v]) => labels?.[k] === v);

const ownedBy = (pod: KubeObject, owner: KubeObject): boolean =>
  (pod.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);

/** Starts the behaviours on `cluster`; returns a function that stops them. */
export function simulate(cluster: ClusterState, behaviours: Behaviour[], opts: SimulateOptions = {}): () => void {
  // A deleted pod's files, kept for its replacement as if they were on a volume that outlives the pod: any pod
  // of a ReplicaSet, a StatefulSet's pod of the same name, a DaemonSet's pod on the same node.
  const volumes = new Map<string, Map<string, Record<string, Buffer>>[]>();
  const pinned = new Map<string, Map<string, Record<string, Buffer>>>();
  const governed = new Set(behaviours.map((b) => b.namespace));
  const unsubscribe = cluster.subscribe((change) => {
    if (change.kind !== 'Pod' || change.type !== 'DELETED') return;
    const pod = change.entry.obj;
    const ns = pod.metadata.namespace ?? 'default';
    const owner = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!owner || !governed.has(ns)) return;
    const names = ((pod.spec?.containers ?? []) as Fields[]).map((c) => String(c.name));
    const files = new Map(names.map((c) => [c, Object.fromEntries(cluster.files(ns, pod.metadata.name, c))]));
    if (owner.kind === 'StatefulSet') pinned.set(`${owner.uid}/${pod.metadata.name}`, files);
    else if (owner.kind === 'DaemonSet') pinned.set(`${owner.uid}/${String(pod.spec?.nodeName)}`, files);
    else if (owner.kind === 'ReplicaSet') volumes.set(owner.uid, [...(volumes.get(owner.uid) ?? []), files].slice(-10));
  });
  const pinnedFiles = (owner: KubeObject, key: string, container: string): Record<string, Buffer> | undefined =>
    pinned.get(`${owner.metadata.uid ?? ''}/${key}`)?.get(container);

  const replace = (b: Behaviour): void => {
    for (const rs of cluster.list('ReplicaSet', b.namespace)) {
      if (!matches(rs.spec?.template?.metadata?.labels as Record<string, string>, b.labels)) continue;
      const uid = rs.metadata.uid ?? '';
      const kept = volumes.get(uid) ?? [];
      const sibling = cluster.list('Pod', b.namespace).find((p) => ownedBy(p, rs));
      const siblingFiles = (c: string): Record<string, Buffer> =>
        sibling ? Object.fromEntries(cluster.files(b.namespace, sibling.metadata.name, c)) : {};
      const made = replenish(cluster, rs, (c, i) => kept[kept.length - 1 - i]?.get(c) ?? siblingFiles(c));
      if (made.length > 0) volumes.delete(uid);
    }
    // Their controllers recreate deleted pods; rolling a changed template out is autoRollout's, after its delay.
    for (const kind of ['StatefulSet', 'DaemonSet'] as const) {
      for (const set of cluster.list(kind, b.namespace)) {
        if (!matches(set.spec?.template?.metadata?.labels as Record<string, string>, b.labels)) continue;
        const step = kind === 'StatefulSet' ? statefulSetStep : daemonSetStep;
        step(cluster, b.namespace, set.metadata.name, { files: pinnedFiles, replaceStale: false });
      }
    }
  };

  // What each failing container last printed (by pod UID), so a different failure restarts it with the new log.
  const lastSaid = new Map<string, string>();

  const settle = (b: Behaviour, pod: KubeObject): void => {
    const { name } = pod.metadata;
    const spec = ((pod.spec?.containers ?? []) as Fields[]).find((c) => c.name === b.container);
    if (!spec) return;
    const file = (path: string, container = b.container) =>
      cluster.files(b.namespace, name, container).get(path)?.toString('utf8');
    const result = b.start({ pod, container: spec, file });
    const now = seen(pod, b.container);
    if (result.ok) {
      if (now !== 'running') recover(cluster, b.namespace, name, { container: b.container });
      return;
    }
    // The same failure again changes nothing, unless the process now says something else (a different bad file).
    const said = result.cause === 'pull' ? '' : (result.log ?? '');
    const uid = pod.metadata.uid ?? name;
    if (result.cause === now && (lastSaid.get(uid) ?? said) === said) {
      lastSaid.set(uid, said);
      return;
    }
    lastSaid.set(uid, said);
    const status = ((pod.status?.containerStatuses ?? []) as Fields[]).find((c) => c.name === b.container);
    const restarts = Number(status?.restartCount ?? 0) + 1;
    if (result.cause === 'pull') imagePullBackOff(cluster, b.namespace, name, { container: b.container });
    else if (result.cause === 'oom')
      oomKilled(cluster, b.namespace, name, { container: b.container, restarts, logs: { previous: result.log ?? '' } });
    else
      crashLoop(cluster, b.namespace, name, {
        container: b.container,
        restarts,
        exitCode: result.exitCode ?? 1,
        logs: { previous: result.log },
      });
  };

  // A pod a rollout creates is judged at once, so the next step of a StatefulSet or DaemonSet rollout waits for it.
  const judge = (pod: KubeObject): void => {
    for (const b of behaviours)
      if (pod.metadata.namespace === b.namespace && matches(pod.metadata.labels, b.labels)) settle(b, pod);
  };
  const stopRollouts = autoRollout(cluster, {
    delayMs: opts.rolloutDelayMs ?? 500,
    onPodCreated: (pod) => judge(cluster.get('Pod', pod.metadata.namespace, pod.metadata.name) ?? pod),
    files: pinnedFiles,
  });

  const tick = (): void => {
    for (const b of behaviours) {
      replace(b);
      for (const pod of cluster.list('Pod', b.namespace)) {
        if (matches(pod.metadata.labels, b.labels) && !pod.metadata.deletionTimestamp) settle(b, pod);
      }
    }
  };
  tick();
  const timer = setInterval(tick, opts.retryMs ?? 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
    stopRollouts();
  };
}
