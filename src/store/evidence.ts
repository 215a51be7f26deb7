// Evidence gathered for an incident, stored as JSON as the detector produced it (already capped and redacted).
import type { Evidence } from '../core/index.js';
import type { StoreContext } from './context.js';
import { EvidenceRow } from './schema.js';
import type { StoredEvidence } from './types.js';

export function addEvidence(ctx: StoreContext, incidentId: number, evidence: Evidence): StoredEvidence {
  return EvidenceRow.parse(ctx.sql.insertEvidence.get(incidentId, ctx.now(), JSON.stringify(evidence)));
}

export function latestEvidence(ctx: StoreContext, incidentId: number): StoredEvidence | undefined {
  const row = ctx.sql.latestEvidence.get(incidentId);
  return row === undefined ? undefined : EvidenceRow.parse(row);
}

/** The newest evidence rows of an incident (one per pod the detector looked at), newest first. */
export function recentEvidence(ctx: StoreContext, incidentId: number, limit: number): StoredEvidence[] {
  const rows = ctx
    .prepared('SELECT * FROM evidence WHERE incident_id = ? ORDER BY collected_at DESC, id DESC LIMIT ?')
    .all(incidentId, limit);
  return rows.map((row) => EvidenceRow.parse(row));
}
