// Rows read back from SQLite, parsed once into the camelCase types the rest of Clopus trusts.
import { z } from 'zod';
import { EvidenceSchema, REASONS, STATES, type WorkloadKind, WorkloadManager } from '../core/index.js';
import type { AuditEntry, Incident, IncidentPod, InFlightWork, StoredEvidence } from './types.js';

const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'Pod',
] as const satisfies readonly WorkloadKind[];
// Fails to compile if WorkloadKind gains a member this list lacks.
const everyKindListed: [Exclude<WorkloadKind, (typeof WORKLOAD_KINDS)[number]>] extends [never] ? true : never = true;
void everyKindListed;

export const IncidentStateColumn = z.enum(STATES);
export type IncidentStateColumn = z.infer<typeof IncidentStateColumn>;

const id = z.number().int();
const count = z.number().int().min(0);

/** The stored manager; a value that no longer fits reads as unknown (null), never as a wrong manager. */
function managerOf(text: string | null): WorkloadManager | null {
  if (text === null) return null;
  try {
    const parsed = WorkloadManager.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const IncidentRow = z
  .object({
    id,
    fingerprint: z.string(),
    cluster: z.string(),
    namespace: z.string(),
    workload_kind: z.enum(WORKLOAD_KINDS),
    workload_name: z.string(),
    container: z.string().nullable(),
    reason: z.enum(REASONS),
    message: z.string(),
    state: IncidentStateColumn,
    restarts: count,
    first_seen_at: z.string(),
    last_seen_at: z.string(),
    detected_at: z.string(),
    resolved_at: z.string().nullable(),
    reopen_count: count,
    slack_channel: z.string().nullable(),
    slack_ts: z.string().nullable(),
    manager: z.string().nullable().default(null),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform(
    (r): Omit<Incident, 'pods'> => ({
      id: r.id,
      fingerprint: r.fingerprint,
      cluster: r.cluster,
      namespace: r.namespace,
      workloadKind: r.workload_kind,
      workloadName: r.workload_name,
      container: r.container,
      reason: r.reason,
      message: r.message,
      state: r.state,
      restarts: r.restarts,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
      detectedAt: r.detected_at,
      resolvedAt: r.resolved_at,
      reopenCount: r.reopen_count,
      slackChannel: r.slack_channel,
      slackTs: r.slack_ts,
      manager: managerOf(r.manager),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
  );
export type IncidentRow = z.infer<typeof IncidentRow>;

export const IncidentPodRow = z
  .object({
    incident_id: id,
    name: z.string(),
    uid: z.string(),
    restarts: count,
    message: z.string(),
    exit_code: z.number().int().nullable(),
    last_seen_at: z.string(),
  })
  .transform((r): IncidentPod & { incidentId: number } => ({
    incidentId: r.incident_id,
    name: r.name,
    uid: r.uid,
    restarts: r.restarts,
    message: r.message,
    ...(r.exit_code === null ? {} : { exitCode: r.exit_code }),
    lastSeenAt: r.last_seen_at,
  }));
export type IncidentPodRow = z.infer<typeof IncidentPodRow>;

export const AuditRow = z
  .object({
    id,
    incident_id: id,
    at: z.string(),
    actor: z.string(),
    from_state: IncidentStateColumn.nullable(),
    to_state: IncidentStateColumn.nullable(),
    action: z.string(),
    detail: z.string().nullable(),
  })
  .transform(
    (r): AuditEntry => ({
      id: r.id,
      incidentId: r.incident_id,
      at: r.at,
      actor: r.actor,
      fromState: r.from_state,
      toState: r.to_state,
      action: r.action,
      detail: r.detail,
    }),
  );
export type AuditRow = z.infer<typeof AuditRow>;

/** The evidence body as stored (core's schema). */
export const EvidenceBody = EvidenceSchema;
export type EvidenceBody = z.infer<typeof EvidenceBody>;

export const EvidenceRow = z
  .object({
    id,
    incident_id: id,
    collected_at: z.string(),
    body: z
      .string()
      .transform((text, ctx): unknown => {
        try {
          return JSON.parse(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'evidence body is not JSON' });
          return z.NEVER;
        }
      })
      .pipe(EvidenceBody),
  })
  .transform((r): StoredEvidence => ({ ...r.body, id: r.id, incidentId: r.incident_id, collectedAt: r.collected_at }));
export type EvidenceRow = z.infer<typeof EvidenceRow>;

/** The in-flight columns of an incident (migration 7); an owner needs both its host and its pid. */
export const InFlightRow = z
  .object({
    state: IncidentStateColumn,
    apply_owner_host: z.string().nullable(),
    apply_owner_pid: z.number().int().nullable(),
    apply_owner_since: z.string().nullable(),
    verify_since: z.string().nullable(),
  })
  .transform(
    (r): InFlightWork => ({
      state: r.state,
      ...(r.apply_owner_host !== null && r.apply_owner_pid !== null
        ? { owner: { host: r.apply_owner_host, pid: r.apply_owner_pid } }
        : {}),
      ...(r.apply_owner_since !== null ? { ownerSince: r.apply_owner_since } : {}),
      ...(r.verify_since !== null ? { verifySince: r.verify_since } : {}),
    }),
  );
export type InFlightRow = z.infer<typeof InFlightRow>;

export const StateRow = z.object({ state: IncidentStateColumn });
export type StateRow = z.infer<typeof StateRow>;
export const NameRow = z.object({ name: z.string() });
export type NameRow = z.infer<typeof NameRow>;
export const StateCountRow = z.object({ state: IncidentStateColumn, n: count });
export type StateCountRow = z.infer<typeof StateCountRow>;
export const TotalRow = z.object({ total: count });
export type TotalRow = z.infer<typeof TotalRow>;
