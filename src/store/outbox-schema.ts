// Outbox, settings and change rows read back from SQLite, parsed once into the camelCase types of outbox-types.ts.
import { z } from 'zod';
import { type IncidentChange, OUTBOX_KINDS, OUTBOX_STATUSES, type OutboxItem, type Setting } from './outbox-types.js';

const id = z.number().int();

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'column is not JSON' });
    return z.NEVER;
  }
});

export const OutboxRow = z
  .object({
    id,
    incident_id: id.nullable(),
    channel: z.string(),
    kind: z.enum(OUTBOX_KINDS),
    payload: jsonText,
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int().min(0),
    next_attempt_at: z.string(),
    created_at: z.string(),
    sent_at: z.string().nullable(),
    slack_ts: z.string().nullable(),
    dedupe_key: z.string(),
    last_error: z.string().nullable(),
    in_doubt: z.number().int(),
  })
  .transform(
    (r): OutboxItem => ({
      id: r.id,
      incidentId: r.incident_id,
      channel: r.channel,
      kind: r.kind,
      payload: r.payload,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      slackTs: r.slack_ts,
      dedupeKey: r.dedupe_key,
      lastError: r.last_error,
      inDoubt: r.in_doubt === 1,
    }),
  );

export const SettingRow = z
  .object({ key: z.string(), value: jsonText, updated_at: z.string(), updated_by: z.string() })
  .transform((r): Setting => ({ key: r.key, value: r.value, updatedAt: r.updated_at, updatedBy: r.updated_by }));

export const ChangeRow = z
  .object({ incident_id: id, last_audit_id: id })
  .transform((r): IncidentChange => ({ incidentId: r.incident_id, lastAuditId: r.last_audit_id }));

export const CountRow = z.object({ n: z.number().int().min(0) });

export const AutoApprovalCountRow = z.object({ rule: z.string(), namespace: z.string(), n: z.number().int().min(0) });
