// Folding a detector pass into a live incident: the hot path, so it touches only what it must.
import { ClopusError } from '../errors.js';
import { insertAudit } from './audit.js';
import type { StoreContext } from './context.js';
import { upsertPods } from './create.js';
import { NameRow } from './schema.js';
import type { Observation, PodChange } from './types.js';

/**
 * Makes the incident's pods exactly `observation.pods` and refreshes its counters. The audit trail gets a
 * 'pods_changed' row only when pod names enter or leave, so a rescan every few seconds does not flood it.
 */
export function recordObservation(ctx: StoreContext, id: number, observation: Observation): PodChange {
  return ctx.write(() => {
    const at = ctx.now();
    const updated = ctx.sql.observe.run({
      id,
      restarts: observation.restarts,
      message: observation.message,
      lastSeenAt: observation.lastSeenAt,
      at,
    });
    if (updated.changes === 0) throw new ClopusError('NOT_FOUND', `Incident ${id} does not exist.`);

    const before = new Set(ctx.sql.podNames.all(id).map((row) => NameRow.parse(row).name));
    const after = new Set(observation.pods.map((pod) => pod.name));
    const added = [...after].filter((name) => !before.has(name)).sort();
    const removed = [...before].filter((name) => !after.has(name)).sort();
    for (const name of removed) ctx.sql.deletePod.run(id, name);
    upsertPods(ctx, id, observation.pods);

    if (added.length > 0 || removed.length > 0) {
      insertAudit(ctx, {
        incidentId: id,
        at,
        actor: 'detector',
        fromState: null,
        toState: null,
        action: 'pods_changed',
        detail: { added, removed },
      });
    }
    return { added, removed };
  });
}
