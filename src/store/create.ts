// Creating incidents idempotently: racing scans or replicas with one fingerprint end up with one live incident.
import { ClopusError } from '../errors.js';
import { insertAudit } from './audit.js';
import type { StoreContext } from './context.js';
import { hydrateOne } from './read.js';
import type { Incident, IncidentPod, NewIncident } from './types.js';

export function upsertPods(ctx: StoreContext, incidentId: number, pods: readonly IncidentPod[]): void {
  for (const pod of pods) {
    ctx.sql.upsertPod.run({
      incidentId,
      name: pod.name,
      uid: pod.uid,
      restarts: pod.restarts,
      message: pod.message,
      exitCode: pod.exitCode ?? null,
      lastSeenAt: pod.lastSeenAt,
    });
  }
}

/**
 * Opens an incident, or returns the live one that already has this fingerprint (the partial unique index decides,
 * so this holds across processes). Only a new incident gets pods and a 'detected' audit row.
 */
export function createIncident(ctx: StoreContext, input: NewIncident, actor: string): Incident {
  return ctx.write(() => {
    const at = ctx.now();
    const inserted = ctx.sql.insertIncident.run({
      fingerprint: input.fingerprint,
      cluster: input.cluster,
      namespace: input.namespace,
      workloadKind: input.workloadKind,
      workloadName: input.workloadName,
      container: input.container,
      reason: input.reason,
      message: input.message,
      restarts: input.restarts,
      firstSeenAt: input.firstSeenAt ?? at,
      detectedAt: input.detectedAt ?? at,
      at,
    });
    if (inserted.changes === 0) {
      const live = hydrateOne(ctx, ctx.sql.liveByFingerprint.get(input.fingerprint));
      if (live === undefined) {
        throw new ClopusError('STORE_ERROR', `Incident ${input.fingerprint} conflicted but no live incident exists.`);
      }
      ctx.logger.debug({ incidentId: live.id, fingerprint: input.fingerprint }, 'incident already live');
      return live;
    }
    const id = Number(inserted.lastInsertRowid);
    upsertPods(ctx, id, input.pods);
    insertAudit(ctx, { incidentId: id, at, actor, fromState: null, toState: 'open', action: 'detected' });
    const incident = hydrateOne(ctx, ctx.sql.incidentById.get(id));
    if (incident === undefined) throw new ClopusError('STORE_ERROR', `Incident ${id} vanished while being created.`);
    return incident;
  });
}
