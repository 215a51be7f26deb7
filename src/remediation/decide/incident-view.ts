// Reading what a decision needs from the store: the incident as apply sees it, the owner and time of its last move.
import { z } from 'zod';
import type { Incident, Store } from '../../store/index.js';
import type { ApplyIncident, PlannedState } from '../apply/index.js';
import type { ProcessOwner } from './in-flight.js';

export function applyIncidentOf(incident: Incident): ApplyIncident {
  return {
    id: incident.id,
    namespace: incident.namespace,
    workloadKind: incident.workloadKind,
    workloadName: incident.workloadName,
    pods: incident.pods.map((p) => ({ name: p.name, uid: p.uid })),
  };
}

/** The pods as the store last saw them; apply refuses an action on a pod whose UID has changed since. */
export function plannedStateOf(incident: Incident): PlannedState {
  return { podUids: Object.fromEntries(incident.pods.map((p) => [p.name, p.uid])) };
}

const MoveDetail = z.object({
  since: z.string().optional(),
  process: z.object({ host: z.string(), pid: z.number().int() }).optional(),
});

/** The audit row of the incident's last move into `state`, with the fields decisions write into its detail. */
export function lastMove(store: Pick<Store, 'auditTrail'>, incidentId: number, state: string): { at: string; since?: string; owner?: ProcessOwner } | undefined {
  const entry = store.auditTrail(incidentId).findLast((a) => a.toState === state);
  if (!entry) return undefined;
  let detail: unknown;
  try {
    detail = JSON.parse(entry.detail ?? 'null');
  } catch {
    detail = null;
  }
  const parsed = MoveDetail.safeParse(detail);
  const d = parsed.success ? parsed.data : {};
  return { at: entry.at, ...(d.since ? { since: d.since } : {}), ...(d.process ? { owner: d.process } : {}) };
}
