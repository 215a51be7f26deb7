// Reading incidents back: rows parsed once, with their pods attached, each read from one snapshot.
import type { StoreContext } from './context.js';
import { IncidentPodRow, IncidentRow, InFlightRow } from './schema.js';
import type { Incident, IncidentPod, InFlightWork } from './types.js';

function attachPods(incidents: Array<Omit<Incident, 'pods'>>, podRows: unknown[]): Incident[] {
  const pods = new Map<number, IncidentPod[]>();
  for (const raw of podRows) {
    const { incidentId, ...pod } = IncidentPodRow.parse(raw);
    const list = pods.get(incidentId);
    if (list) list.push(pod);
    else pods.set(incidentId, [pod]);
  }
  return incidents.map((incident) => ({ ...incident, pods: pods.get(incident.id) ?? [] }));
}

/** Parses incident rows and loads their pods with one query. Call inside ctx.read or ctx.write. */
export function hydrate(ctx: StoreContext, rows: unknown[]): Incident[] {
  const incidents = rows.map((row) => IncidentRow.parse(row));
  const [first] = incidents;
  if (first === undefined) return [];
  const podRows =
    incidents.length === 1
      ? ctx.sql.podsOf.all(first.id)
      : ctx.sql.podsOfMany.all(JSON.stringify(incidents.map((i) => i.id)));
  return attachPods(incidents, podRows);
}

export function hydrateOne(ctx: StoreContext, row: unknown): Incident | undefined {
  return row === undefined ? undefined : hydrate(ctx, [row])[0];
}

export function getIncident(ctx: StoreContext, id: number): Incident | undefined {
  return ctx.read(() => hydrateOne(ctx, ctx.sql.incidentById.get(id)));
}

export function findLive(ctx: StoreContext, fingerprint: string): Incident | undefined {
  return ctx.read(() => hydrateOne(ctx, ctx.sql.liveByFingerprint.get(fingerprint)));
}

/** The latest incident with this fingerprint resolved at or after `since`: the candidate for a reopen. */
export function findRecentlyResolved(ctx: StoreContext, fingerprint: string, since: Date): Incident | undefined {
  return ctx.read(() => hydrateOne(ctx, ctx.sql.recentlyResolved.get(fingerprint, since.toISOString())));
}

/** Every live incident with its pods; what the detector loads on start to know what it already tracks. */
export function listLive(ctx: StoreContext): Incident[] {
  return ctx.read(() =>
    attachPods(
      ctx.sql.allLive.all().map((row) => IncidentRow.parse(row)),
      ctx.sql.podsOfLive.all(),
    ),
  );
}

/** The typed in-flight state of incident `id` (who is applying it, since when; when its verification began). */
export function inFlightWork(ctx: StoreContext, id: number): InFlightWork | undefined {
  const row = ctx.sql.inFlightOf.get(id);
  return row === undefined ? undefined : InFlightRow.parse(row);
}
