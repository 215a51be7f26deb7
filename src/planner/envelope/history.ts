// The images a workload has run before, per container: a Deployment's ReplicaSets, a StatefulSet's or
// DaemonSet's ControllerRevisions. What image-rollback may go back to.
import type { WorkloadKind } from '../../core/index.js';
import type { FixerKube } from '../kube.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type HistoryKube = Pick<FixerKube, 'listReplicaSets' | 'listControllerRevisions'>;

function controlledBy(obj: unknown, kind: string, uid: unknown): boolean {
  const refs =
    isObj(obj) && isObj(obj.metadata) && Array.isArray(obj.metadata.ownerReferences)
      ? obj.metadata.ownerReferences
      : [];
  return refs.some((r) => isObj(r) && r.controller === true && r.kind === kind && (uid === undefined || r.uid === uid));
}

function podSpecOf(template: unknown): Obj | undefined {
  return isObj(template) && isObj(template.spec) ? template.spec : undefined;
}

function addImages(into: Map<string, Set<string>>, podSpec: Obj | undefined): void {
  for (const list of ['containers', 'initContainers']) {
    const containers = podSpec?.[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (!isObj(c) || typeof c.name !== 'string' || typeof c.image !== 'string') continue;
      const set = into.get(c.name) ?? new Set<string>();
      set.add(c.image);
      into.set(c.name, set);
    }
  }
}

/**
 * Container name → images of earlier revisions. The live template's own images are not "before"; a workload
 * kind without revisions (Job, CronJob, Pod) has none. A failed read yields none, so a rollback falls back to
 * image-tag, which a person must approve.
 */
export async function previousImages(
  kube: HistoryKube,
  kind: WorkloadKind,
  workload: Obj,
  log: (err: unknown) => void,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const meta = isObj(workload.metadata) ? workload.metadata : {};
  const spec = isObj(workload.spec) ? workload.spec : {};
  const namespace = String(meta.namespace ?? '');
  const matchLabels =
    isObj(spec.selector) && isObj(spec.selector.matchLabels)
      ? (spec.selector.matchLabels as Record<string, string>)
      : {};
  try {
    if (kind === 'Deployment') {
      for (const rs of await kube.listReplicaSets(namespace, matchLabels)) {
        if (controlledBy(rs, 'Deployment', meta.uid) && isObj(rs) && isObj(rs.spec))
          addImages(out, podSpecOf(rs.spec.template));
      }
    } else if (kind === 'StatefulSet' || kind === 'DaemonSet') {
      for (const rev of await kube.listControllerRevisions(namespace, matchLabels)) {
        if (controlledBy(rev, kind, meta.uid) && isObj(rev) && isObj(rev.data) && isObj(rev.data.spec))
          addImages(out, podSpecOf(rev.data.spec.template));
      }
    }
  } catch (err) {
    log(err);
    return new Map();
  }
  // The live template's images are the present, not a revision to go back to.
  const current = new Map<string, Set<string>>();
  addImages(current, podSpecOf(spec.template));
  for (const [name, images] of current) for (const image of images) out.get(name)?.delete(image);
  return out;
}
