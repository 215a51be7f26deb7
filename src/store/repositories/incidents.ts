// Incidents: created by the detector, moved through the state machine, observed, and their typed in-flight state.
import type { IncidentState, WorkloadManager } from '../../core/index.js';
import { advance } from '../advance.js';
import { incidentChangesSince, incidentVersion } from '../changes.js';
import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import { createIncident } from '../create.js';
import { countByState, listIncidents } from '../list.js';
import { recordObservation } from '../observe.js';
import type { IncidentChange } from '../outbox-types.js';
import { findLive, findRecentlyResolved, getIncident, inFlightWork, listLive } from '../read.js';
import { incidentBySlackMessage, setSlackMessage } from '../slack-message.js';
import type {
  Incident,
  IncidentPage,
  IncidentQuery,
  InFlightWork,
  NewIncident,
  Observation,
  PodChange,
  TransitionMeta,
} from '../types.js';

export interface IncidentRepository {
  createIncident(input: NewIncident, actor: string): Incident;
  getIncident(id: number): Incident | undefined;
  findLive(fingerprint: string): Incident | undefined;
  findRecentlyResolved(fingerprint: string, since: Date): Incident | undefined;
  listLive(): Incident[];
  listIncidents(query: IncidentQuery): IncidentPage;
  countByState(): Record<IncidentState, number>;
  transition(
    id: number,
    from: IncidentState | readonly IncidentState[],
    to: IncidentState,
    meta: TransitionMeta,
  ): boolean;
  recordObservation(id: number, observation: Observation): PodChange;
  setSlackMessage(id: number, channel: string, ts: string): boolean;
  /** The incident whose own Slack message is `ts` in `channel`: what a mention in that message's thread is about. */
  incidentBySlackMessage(channel: string, ts: string): Incident | undefined;
  /** Records who manages the incident's workload (null: none found). */
  setIncidentManager(id: number, manager: WorkloadManager | null): boolean;
  /** The incident's typed in-flight state (who is applying it, since when; when its verification window began). */
  inFlightWork(incidentId: number): InFlightWork | undefined;
  /** Incidents whose audit trail grew past `afterAuditId` (changes.ts). */
  incidentChangesSince(afterAuditId: number, limit: number): IncidentChange[];
  incidentVersion(incidentId: number): number;
}

/** Incident operations over the store's one connection. */
export function incidentRepository(ctx: StoreContext): IncidentRepository {
  return {
    createIncident: guarded('createIncident', (input, actor) => createIncident(ctx, input, actor)),
    getIncident: guarded('getIncident', (id) => getIncident(ctx, id)),
    findLive: guarded('findLive', (fingerprint) => findLive(ctx, fingerprint)),
    findRecentlyResolved: guarded('findRecentlyResolved', (fp, since) => findRecentlyResolved(ctx, fp, since)),
    listLive: guarded('listLive', () => listLive(ctx)),
    listIncidents: guarded('listIncidents', (query) => listIncidents(ctx, query)),
    countByState: guarded('countByState', () => countByState(ctx)),
    transition: guarded('transition', (id, from, to, meta) => advance(ctx, id, from, to, meta)),
    recordObservation: guarded('recordObservation', (id, observation) => recordObservation(ctx, id, observation)),
    setIncidentManager: guarded(
      'setIncidentManager',
      (id, manager) =>
        ctx.sql.setManager.run({ id, manager: manager === null ? null : JSON.stringify(manager) }).changes === 1,
    ),
    setSlackMessage: guarded('setSlackMessage', (id, channel, ts) => setSlackMessage(ctx, id, channel, ts)),
    incidentBySlackMessage: guarded('incidentBySlackMessage', (channel, ts) =>
      incidentBySlackMessage(ctx, channel, ts),
    ),
    inFlightWork: guarded('inFlightWork', (incidentId) => inFlightWork(ctx, incidentId)),
    incidentChangesSince: guarded('incidentChangesSince', (after, limit) => incidentChangesSince(ctx, after, limit)),
    incidentVersion: guarded('incidentVersion', (id) => incidentVersion(ctx, id)),
  };
}
