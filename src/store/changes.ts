// Which incidents changed: every move and notable event writes an audit row, so the newest row's id is a version
// of the incident that only grows. The Slack module follows it to show changes made anywhere (detector, CLI, sweeps).
import type { StoreContext } from './context.js';
import { ChangeRow } from './outbox-schema.js';
import type { IncidentChange } from './outbox-types.js';

const SQL = {
  since: `
    SELECT incident_id, max(id) AS last_audit_id FROM audit WHERE id > ?
    GROUP BY incident_id ORDER BY last_audit_id LIMIT ?`,
  version: `SELECT coalesce(max(id), 0) AS n FROM audit WHERE incident_id = ?`,
} as const;

/** Incidents with audit rows newer than `afterAuditId`, oldest change first, at most `limit`. */
export function incidentChangesSince(ctx: StoreContext, afterAuditId: number, limit: number): IncidentChange[] {
  return ctx
    .prepared(SQL.since)
    .all(afterAuditId, limit)
    .map((row) => ChangeRow.parse(row));
}

/** The incident's newest audit row id (0 when it has none). */
export function incidentVersion(ctx: StoreContext, incidentId: number): number {
  return (ctx.prepared(SQL.version).get(incidentId) as { n: number }).n;
}
