// The shapes Argo CD writes into an Application's status: resources with their sync and health, the operation
// state of a sync, and the deployment history.
import type { ClusterState } from '../cluster-state.js';
import { resourceFor } from '../kinds.js';
import { type Fields, timestamp } from '../types.js';
import type { AppSpec } from './argo-spec.js';
import { type Health, healthOf, worse } from './health.js';
import { type Applied, kubectlName } from './managed.js';
import type { ObjectRef, Planned } from './types.js';

const HISTORY_LIMIT = 10;

function gv(ref: ObjectRef): { group?: string; version: string } {
  const [a, b] = ref.apiVersion.split('/');
  return b === undefined ? { version: a ?? 'v1' } : { group: a ?? '', version: b };
}

function live(cluster: ClusterState, ref: ObjectRef) {
  try {
    return cluster.get(resourceFor(ref.kind).kind, ref.namespace, ref.name);
  } catch {
    return undefined;
  }
}

/** status.resources and the application's health, from a comparison just made (plus objects awaiting pruning). */
export function resources(
  cluster: ClusterState,
  planned: Planned[],
  extras: ObjectRef[],
): { resources: Fields[]; health: Health; synced: boolean } {
  let health: Health = 'Healthy';
  let synced = true;
  const out: Fields[] = [];
  for (const p of planned) {
    if (p.state === 'skipped') continue;
    const h = healthOf(cluster, live(cluster, p.ref));
    if (h) health = worse(health, h);
    if (p.state !== 'synced') synced = false;
    out.push({
      ...gv(p.ref),
      kind: p.ref.kind,
      ...(p.ref.namespace ? { namespace: p.ref.namespace } : {}),
      name: p.ref.name,
      status: p.state === 'synced' ? 'Synced' : 'OutOfSync',
      ...(h ? { health: { status: h } } : {}),
    });
  }
  for (const ref of extras) {
    synced = false;
    out.push({
      ...gv(ref),
      kind: ref.kind,
      namespace: ref.namespace,
      name: ref.name,
      status: 'OutOfSync',
      requiresPruning: true,
    });
  }
  return { resources: out, health, synced };
}

/** status.operationState after a sync operation ran. */
export function operationState(
  spec: AppSpec,
  revision: string,
  manual: boolean,
  result: Applied,
  pruned: ObjectRef[],
  now: Date,
): Fields {
  const at = timestamp(now);
  const failed = result.failures[0];
  const entry = (ref: ObjectRef, status: string, message: string, hookPhase = 'Running'): Fields => ({
    ...gv(ref),
    kind: ref.kind,
    namespace: ref.namespace ?? '',
    name: ref.name,
    status,
    message,
    hookPhase,
    syncPhase: 'Sync',
  });
  return {
    operation: {
      sync: { revision, ...(spec.prune ? { prune: true } : {}) },
      initiatedBy: manual ? { username: 'admin' } : { automated: true },
      retry: {},
    },
    phase: failed ? 'Failed' : 'Succeeded',
    message: failed
      ? `one or more objects failed to apply, reason: ${failed.message}`
      : 'successfully synced (all tasks run)',
    startedAt: at,
    finishedAt: at,
    syncResult: {
      revision,
      source: spec.source,
      resources: [
        ...result.changed.map((c) => entry(c.planned.ref, 'Synced', `${kubectlName(c.planned.ref)} ${c.verb}`)),
        ...result.failures.map((f) => entry(f.planned.ref, 'SyncFailed', f.message, 'Failed')),
        ...pruned.map((r) => entry(r, 'Pruned', 'pruned')),
      ],
    },
  };
}

/** status.history with this sync appended (the last ten, as revisionHistoryLimit defaults to). */
export function history(previous: unknown, spec: AppSpec, revision: string, now: Date): Fields[] {
  const list = Array.isArray(previous) ? (previous as Fields[]) : [];
  const id = 1 + Math.max(-1, ...list.map((h) => Number(h.id ?? 0)));
  const at = timestamp(now);
  return [...list, { revision, deployedAt: at, deployStartedAt: at, id, source: spec.source }].slice(-HISTORY_LIMIT);
}
