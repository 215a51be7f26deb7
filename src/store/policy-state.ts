// What the policy keeps between runs: settings such as the auto-approve pause switch, and one row per auto-approval,
// reserved under the write lock so that two proposals landing at once cannot both take the hour's last slot.
import type { StoreContext } from './context.js';
import { AutoApprovalCountRow, CountRow, SettingRow } from './outbox-schema.js';
import type { AutoApprovalRequest, AutoApprovalReservation, Setting } from './outbox-types.js';

const SQL = {
  get: `SELECT * FROM settings WHERE key = ?`,
  set: `
    INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @value, @at, @by)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
    RETURNING *`,
  paused: `SELECT count(*) AS n FROM settings WHERE key = ? AND json_extract(value, '$.paused') = 1`,
  count: `SELECT count(*) AS n FROM auto_approvals WHERE rule = @rule AND namespace = @namespace AND at >= @since`,
  reserved: `SELECT count(*) AS n FROM auto_approvals WHERE proposal_id = ?`,
  counts: `SELECT rule, namespace, count(*) AS n FROM auto_approvals WHERE at >= ? GROUP BY rule, namespace ORDER BY rule, namespace`,
  insert: `
    INSERT INTO auto_approvals (rule, namespace, incident_id, proposal_id, at)
    VALUES (@rule, @namespace, @incidentId, @proposalId, @at)`,
} as const;

export function getSetting(ctx: StoreContext, key: string): Setting | undefined {
  const row = ctx.prepared(SQL.get).get(key);
  return row === undefined ? undefined : SettingRow.parse(row);
}

export function setSetting(ctx: StoreContext, key: string, value: unknown, by: string): Setting {
  return ctx.write(() =>
    SettingRow.parse(ctx.prepared(SQL.set).get({ key, value: JSON.stringify(value), at: ctx.now(), by })),
  );
}

const count = (ctx: StoreContext, sql: string, params: unknown): number =>
  CountRow.parse(ctx.prepared(sql).get(params)).n;

export function countAutoApprovals(ctx: StoreContext, rule: string, namespace: string, since: string): number {
  return count(ctx, SQL.count, { rule, namespace, since });
}

/** Auto-approvals since `since`, per rule and namespace. */
export function autoApprovalCounts(
  ctx: StoreContext,
  since: string,
): Array<{ rule: string; namespace: string; n: number }> {
  return ctx
    .prepared(SQL.counts)
    .all(since)
    .map((row) => AutoApprovalCountRow.parse(row));
}

/** Takes one of the hour's auto-approvals for (rule, namespace), unless paused or used up; all under one lock. */
export function reserveAutoApproval(ctx: StoreContext, req: AutoApprovalRequest): AutoApprovalReservation {
  return ctx.write(() => {
    if (count(ctx, SQL.reserved, req.proposalId) > 0) return 'already';
    if (count(ctx, SQL.paused, req.pauseKey) > 0) return 'paused';
    if (count(ctx, SQL.count, { rule: req.rule, namespace: req.namespace, since: req.windowStart }) >= req.limit)
      return 'limited';
    ctx.prepared(SQL.insert).run({
      rule: req.rule,
      namespace: req.namespace,
      incidentId: req.incidentId,
      proposalId: req.proposalId,
      at: ctx.now(),
    });
    return 'reserved';
  });
}
