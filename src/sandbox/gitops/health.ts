// Argo CD's health checks for the workloads the sandbox runs (after gitops-engine's), from the objects' status.
// One shortcut: the sandbox's Deployments never hit their progress deadline, so a current pod that is failing
// (crash loop, image pull, bad config) reads as Degraded at once instead of after progressDeadlineSeconds.
import type { ClusterState } from '../cluster-state.js';
import type { Fields, KubeObject } from '../types.js';

export type Health = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

const FAILING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError']);

const RANK: Record<Health, number> = {
  Healthy: 0,
  Suspended: 1,
  Progressing: 2,
  Missing: 3,
  Unknown: 4,
  Degraded: 5,
};

/** The worse of two healths, as Argo CD rolls resource health up into the application's. */
export function worse(a: Health, b: Health): Health {
  return RANK[b] > RANK[a] ? b : a;
}

function podFailing(pod: KubeObject): boolean {
  if (pod.status?.phase === 'Failed') return true;
  return ((pod.status?.containerStatuses ?? []) as Fields[]).some((c) => FAILING.has(String(c.state?.waiting?.reason)));
}

/** Pods of the workload (through its ReplicaSets for a Deployment) that run its current template. */
function failingPods(cluster: ClusterState, obj: KubeObject): boolean {
  const ns = obj.metadata.namespace ?? 'default';
  const owners = new Set([obj.metadata.uid]);
  if (obj.kind === 'Deployment') {
    for (const rs of cluster.list('ReplicaSet', ns))
      if (rs.metadata.ownerReferences?.some((r) => r.uid === obj.metadata.uid) && Number(rs.spec?.replicas) > 0)
        owners.add(rs.metadata.uid);
  }
  return cluster
    .list('Pod', ns)
    .some((p) => p.metadata.ownerReferences?.some((r) => owners.has(r.uid)) && podFailing(p));
}

function deploymentHealth(d: KubeObject): Health {
  const s = (d.status ?? {}) as Fields;
  const want = Number(d.spec?.replicas ?? 1);
  if (d.spec?.paused) return 'Suspended';
  if (Number(s.observedGeneration ?? 0) < Number(d.metadata.generation ?? 1)) return 'Progressing';
  const progressing = ((s.conditions ?? []) as Fields[]).find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return 'Degraded';
  const updated = Number(s.updatedReplicas ?? 0);
  if (updated < want || Number(s.replicas ?? 0) > updated) return 'Progressing';
  return Number(s.availableReplicas ?? 0) < updated ? 'Progressing' : 'Healthy';
}

function setHealth(o: KubeObject): Health {
  const s = (o.status ?? {}) as Fields;
  if (o.kind === 'DaemonSet') {
    const want = Number(s.desiredNumberScheduled ?? 0);
    return Number(s.updatedNumberScheduled ?? 0) < want || Number(s.numberAvailable ?? 0) < want
      ? 'Progressing'
      : 'Healthy';
  }
  const want = Number(o.spec?.replicas ?? 1);
  if (Number(s.updatedReplicas ?? 0) < want || Number(s.readyReplicas ?? 0) < want) return 'Progressing';
  return s.updateRevision && s.currentRevision !== s.updateRevision ? 'Progressing' : 'Healthy';
}

/** The health Argo CD shows for a live object, or undefined for kinds it has no check for (ConfigMaps…). */
export function healthOf(cluster: ClusterState, obj: KubeObject | undefined): Health | undefined {
  if (!obj) return 'Missing';
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet': {
      const h = obj.kind === 'Deployment' ? deploymentHealth(obj) : setHealth(obj);
      return h !== 'Healthy' && h !== 'Suspended' && failingPods(cluster, obj) ? 'Degraded' : h;
    }
    case 'Pod':
      if (podFailing(obj)) return 'Degraded';
      return obj.status?.phase === 'Running' || obj.status?.phase === 'Succeeded' ? 'Healthy' : 'Progressing';
    case 'Job': {
      const conds = (obj.status?.conditions ?? []) as Fields[];
      if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) return 'Degraded';
      return conds.some((c) => c.type === 'Complete' && c.status === 'True') ? 'Healthy' : 'Progressing';
    }
    case 'Application':
      return (obj.status?.health?.status as Health | undefined) ?? 'Unknown';
    default:
      return undefined;
  }
}
