// The audit trail: one row per transition and per notable non-transition event, never updated or deleted.

import type { IncidentState } from '../core/index.js';
import type { StoreContext } from './context.js';
import { AuditRow } from './schema.js';
import type { AuditDetail, AuditEntry } from './types.js';

export interface AuditInput {
  incidentId: number;
  at: string;
  actor: string;
  fromState: IncidentState | null;
  toState: IncidentState | null;
  action: string;
  detail?: AuditDetail | undefined;
}

function detailText(detail: AuditDetail | undefined): string | null {
  if (detail === undefined || detail === null) return null;
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

/** Writes one audit row; callers inside a transaction use this so the row commits with the change it records. */
export function insertAudit(ctx: StoreContext, entry: AuditInput): AuditEntry {
  return AuditRow.parse(ctx.sql.insertAudit.get({ ...entry, detail: detailText(entry.detail) }));
}

/** Records an event that is not a state change, e.g. an approval refused to someone who is not an approver. */
export function recordAudit(
  ctx: StoreContext,
  incidentId: number,
  actor: string,
  action: string,
  detail?: AuditDetail,
): AuditEntry {
  return insertAudit(ctx, { incidentId, at: ctx.now(), actor, fromState: null, toState: null, action, detail });
}

export function auditTrail(ctx: StoreContext, incidentId: number): AuditEntry[] {
  return ctx.sql.auditOf.all(incidentId).map((row) => AuditRow.parse(row));
}
