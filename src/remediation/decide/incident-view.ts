// Reading what a decision needs from the store: the incident as apply sees it, and its typed in-flight state (who is
// applying it since when, when its verification window began).
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

/**
 * Who moved incident `incident` into `state` (`approved` or `applying`) and when, from its typed in-flight state:
 * never from an audit detail, whose shape is the timeline's. Undefined when the incident is no longer in `state`.
 */
export function applyOwnerOf(
  store: Pick<Store, 'inFlightWork'>,
  incident: Incident,
  state: 'approved' | 'applying',
): { owner?: ProcessOwner; since: string } | undefined {
  const work = store.inFlightWork(incident.id);
  if (work === undefined || work.state !== state) return undefined;
  return { ...(work.owner ? { owner: work.owner } : {}), since: work.ownerSince ?? incident.updatedAt };
}

/** When the fix on an `applied` incident landed, from its typed in-flight state: where the verification window starts. */
export function verifySinceOf(store: Pick<Store, 'inFlightWork'>, incident: Incident): string {
  const work = store.inFlightWork(incident.id);
  return (work?.state === 'applied' ? work.verifySince : undefined) ?? incident.updatedAt;
}
