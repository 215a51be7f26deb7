// The Slack outbox: what must be posted or updated, written before it is sent, and each item's delivery state.
// Items of one incident go out in enqueue order: only the oldest unfinished item of an incident is ever due.
import type { StoreContext } from './context.js';
import { OutboxRow } from './outbox-schema.js';
import type { NewOutboxItem, OutboxItem, OutboxRetry, OutboxStatus } from './outbox-types.js';

const UNFINISHED = `status IN ('pending', 'sending')`;

const SQL = {
  insert: `
    INSERT INTO outbox (incident_id, channel, kind, payload, status, attempts, next_attempt_at, created_at, dedupe_key)
    VALUES (@incidentId, @channel, @kind, @payload, 'pending', 0, @at, @at, @dedupeKey)
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING *`,
  // The head of each incident's queue, due now; items without an incident are each their own queue.
  due: `
    SELECT * FROM outbox o WHERE status = 'pending' AND next_attempt_at <= @now
      AND (incident_id IS NULL OR id = (SELECT min(id) FROM outbox h WHERE h.incident_id = o.incident_id AND h.${UNFINISHED}))
    ORDER BY next_attempt_at, id LIMIT @limit`,
  nextDue: `SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`,
  claim: `UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'`,
  sent: `
    UPDATE outbox SET status = 'sent', sent_at = @at, slack_ts = @ts, channel = @channel, last_error = NULL, in_doubt = 0
    WHERE id = @id AND status = 'sending'`,
  retry: `
    UPDATE outbox SET status = 'pending', next_attempt_at = @nextAttemptAt, last_error = @error,
      in_doubt = max(in_doubt, @inDoubt)
    WHERE id = @id AND status = 'sending'`,
  fail: `UPDATE outbox SET status = 'failed', last_error = @error WHERE id = @id AND ${UNFINISHED}`,
  supersede: `UPDATE outbox SET status = 'superseded', last_error = @why WHERE id = @id AND status = 'pending'`,
  recover: `UPDATE outbox SET status = 'pending', in_doubt = 1, last_error = 'interrupted while sending' WHERE status = 'sending'`,
  byKey: `SELECT * FROM outbox WHERE dedupe_key = ?`,
  byId: `SELECT * FROM outbox WHERE id = ?`,
  // The newest item about one message: its post (dedupe key "post:<target>") or an update ("update:<target>:…").
  latestFor: `
    SELECT * FROM outbox WHERE dedupe_key = 'post:' || @target
      OR substr(dedupe_key, 1, length(@target) + 8) = 'update:' || @target || ':'
    ORDER BY id DESC LIMIT 1`,
  newerUpdate: `
    SELECT count(*) AS n FROM outbox WHERE kind = 'update' AND id > @id AND status = 'pending'
      AND substr(dedupe_key, 1, length(@target) + 8) = 'update:' || @target || ':'`,
  ofIncident: `SELECT * FROM outbox WHERE incident_id = ? ORDER BY id`,
  byStatus: `SELECT * FROM outbox WHERE status IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`,
} as const;

const parse = (row: unknown): OutboxItem => OutboxRow.parse(row);

/** Enqueues items in order, in one transaction; an item whose dedupe key exists is skipped. Returns those added. */
export function enqueueOutbox(ctx: StoreContext, items: readonly NewOutboxItem[]): OutboxItem[] {
  return ctx.write(() => insertOutbox(ctx, items));
}

/** The same inside a caller's transaction, so an item can commit with the change it announces. */
export function insertOutbox(ctx: StoreContext, items: readonly NewOutboxItem[]): OutboxItem[] {
  const at = ctx.now();
  const added: OutboxItem[] = [];
  for (const item of items) {
    const row = ctx.prepared(SQL.insert).get({
      incidentId: item.incidentId,
      channel: item.channel,
      kind: item.kind,
      payload: JSON.stringify(item.payload),
      dedupeKey: item.dedupeKey,
      at,
    });
    if (row !== undefined) added.push(parse(row));
  }
  return added;
}

export function dueOutbox(ctx: StoreContext, limit: number): OutboxItem[] {
  return ctx.prepared(SQL.due).all({ now: ctx.now(), limit }).map(parse);
}

/** When the earliest pending item becomes due (it may be waiting behind its incident's head); undefined if none. */
export function nextOutboxAt(ctx: StoreContext): string | undefined {
  const row = ctx.prepared(SQL.nextDue).get() as { at: string | null } | undefined;
  return row?.at ?? undefined;
}

/** pending → sending, counting the attempt; false when another sender took it or it is no longer pending. */
export function claimOutbox(ctx: StoreContext, id: number): boolean {
  return ctx.write(() => ctx.prepared(SQL.claim).run(id).changes === 1);
}

export function markOutboxSent(ctx: StoreContext, id: number, sent: { ts: string; channel: string }): boolean {
  return ctx.write(
    () => ctx.prepared(SQL.sent).run({ id, ts: sent.ts, channel: sent.channel, at: ctx.now() }).changes === 1,
  );
}

export function retryOutbox(ctx: StoreContext, id: number, retry: OutboxRetry): boolean {
  return ctx.write(
    () =>
      ctx
        .prepared(SQL.retry)
        .run({ id, nextAttemptAt: retry.nextAttemptAt, error: retry.error, inDoubt: retry.inDoubt ? 1 : 0 }).changes ===
      1,
  );
}

export function failOutbox(ctx: StoreContext, id: number, error: string): boolean {
  return ctx.write(() => ctx.prepared(SQL.fail).run({ id, error }).changes === 1);
}

/** Marks a pending update `superseded` when a newer update of the same message is queued behind it. */
export function supersedeOutbox(ctx: StoreContext, id: number, target: string): boolean {
  return ctx.write(() => {
    const newer = (ctx.prepared(SQL.newerUpdate).get({ id, target }) as { n: number }).n;
    if (newer === 0) return false;
    return ctx.prepared(SQL.supersede).run({ id, why: 'a newer update of the same message is queued' }).changes === 1;
  });
}

/** On start: items a stopped sender left `sending` may or may not have reached Slack; they are looked for first. */
export function recoverOutbox(ctx: StoreContext): number {
  return ctx.write(() => ctx.prepared(SQL.recover).run().changes);
}

export function outboxByKey(ctx: StoreContext, dedupeKey: string): OutboxItem | undefined {
  const row = ctx.prepared(SQL.byKey).get(dedupeKey);
  return row === undefined ? undefined : parse(row);
}

export function outboxById(ctx: StoreContext, id: number): OutboxItem | undefined {
  const row = ctx.prepared(SQL.byId).get(id);
  return row === undefined ? undefined : parse(row);
}

/** The newest post or update of the message `target` (e.g. "incident:12"), whatever its status. */
export function latestOutboxFor(ctx: StoreContext, target: string): OutboxItem | undefined {
  const row = ctx.prepared(SQL.latestFor).get({ target });
  return row === undefined ? undefined : parse(row);
}

export function listOutbox(
  ctx: StoreContext,
  filter: { incidentId?: number; status?: OutboxStatus | readonly OutboxStatus[]; limit?: number },
): OutboxItem[] {
  if (filter.incidentId !== undefined) {
    const rows = ctx.prepared(SQL.ofIncident).all(filter.incidentId).map(parse);
    const statuses =
      filter.status === undefined ? undefined : typeof filter.status === 'string' ? [filter.status] : filter.status;
    return statuses ? rows.filter((r) => statuses.includes(r.status)) : rows;
  }
  const statuses =
    filter.status === undefined
      ? ['pending', 'sending', 'sent', 'failed', 'superseded']
      : typeof filter.status === 'string'
        ? [filter.status]
        : filter.status;
  return ctx
    .prepared(SQL.byStatus)
    .all(JSON.stringify(statuses), filter.limit ?? 1000)
    .map(parse);
}
