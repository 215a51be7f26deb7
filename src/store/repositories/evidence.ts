// Evidence gathered per incident (already capped and redacted) and the audit trail of what happened.
import type { Evidence } from '../../core/index.js';
import { auditTrail, recordAudit } from '../audit.js';
import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import { addEvidence, latestEvidence, recentEvidence } from '../evidence.js';
import type { AuditDetail, AuditEntry, StoredEvidence } from '../types.js';

export interface EvidenceRepository {
  addEvidence(incidentId: number, evidence: Evidence): StoredEvidence;
  latestEvidence(incidentId: number): StoredEvidence | undefined;
  /** Up to `limit` newest evidence rows (one per pod looked at), newest first. */
  recentEvidence(incidentId: number, limit: number): StoredEvidence[];
  recordAudit(incidentId: number, actor: string, action: string, detail?: AuditDetail): AuditEntry;
  auditTrail(incidentId: number): AuditEntry[];
}

/** Evidence operations over the store's one connection. */
export function evidenceRepository(ctx: StoreContext): EvidenceRepository {
  return {
    addEvidence: guarded('addEvidence', (incidentId, evidence) => addEvidence(ctx, incidentId, evidence)),
    latestEvidence: guarded('latestEvidence', (incidentId) => latestEvidence(ctx, incidentId)),
    recentEvidence: guarded('recentEvidence', (incidentId, limit) => recentEvidence(ctx, incidentId, limit)),
    recordAudit: guarded('recordAudit', (incidentId, actor, action, detail) =>
      recordAudit(ctx, incidentId, actor, action, detail),
    ),
    auditTrail: guarded('auditTrail', (incidentId) => auditTrail(ctx, incidentId)),
  };
}
