// The single-instance lease: one row naming the process that holds the database (host, pid, since), renewed by
// its heartbeat. Taking it is one read-then-write under the write lock, so of two processes starting at once
// exactly one gets it; whether a recorded holder is gone is the caller's judgement (`gone`).
import { z } from 'zod';
import type { StoreContext } from './context.js';

const SQL = {
  get: `SELECT host, pid, started_at, heartbeat_at FROM lease WHERE name = ?`,
  take: `
    INSERT INTO lease (name, host, pid, started_at, heartbeat_at) VALUES (@name, @host, @pid, @at, @at)
    ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
      heartbeat_at = excluded.heartbeat_at`,
  renew: `UPDATE lease SET heartbeat_at = @at WHERE name = @name AND host = @host AND pid = @pid AND started_at = @startedAt`,
  release: `DELETE FROM lease WHERE name = @name AND host = @host AND pid = @pid AND started_at = @startedAt`,
} as const;

export interface LeaseHolder {
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
}

export type LeaseClaim = { acquired: true; holder: LeaseHolder } | { acquired: false; holder: LeaseHolder };

const LeaseRow = z
  .object({ host: z.string(), pid: z.number().int(), started_at: z.string(), heartbeat_at: z.string() })
  .transform((r): LeaseHolder => ({ host: r.host, pid: r.pid, startedAt: r.started_at, heartbeatAt: r.heartbeat_at }));

/** Takes lease `name` for `me` unless a holder is recorded that `gone` does not judge gone. */
export function acquireLease(
  ctx: StoreContext,
  name: string,
  me: { host: string; pid: number },
  gone: (holder: LeaseHolder) => boolean,
): LeaseClaim {
  return ctx.write(() => {
    const current = leaseHolder(ctx, name);
    if (current !== undefined && !gone(current)) return { acquired: false, holder: current };
    const at = ctx.now();
    ctx.prepared(SQL.take).run({ name, host: me.host, pid: me.pid, at });
    return { acquired: true, holder: { host: me.host, pid: me.pid, startedAt: at, heartbeatAt: at } };
  });
}

/** Who holds lease `name` now, if anyone. */
export function leaseHolder(ctx: StoreContext, name: string): LeaseHolder | undefined {
  const row = ctx.prepared(SQL.get).get(name);
  return row === undefined ? undefined : LeaseRow.parse(row);
}

/** Renews the heartbeat; false when `holder` no longer holds the lease (another process took it over). */
export function renewLease(ctx: StoreContext, name: string, holder: LeaseHolder): boolean {
  return (
    ctx
      .prepared(SQL.renew)
      .run({ name, host: holder.host, pid: holder.pid, startedAt: holder.startedAt, at: ctx.now() }).changes === 1
  );
}

/** Gives the lease up, if `holder` still holds it. */
export function releaseLease(ctx: StoreContext, name: string, holder: LeaseHolder): void {
  ctx.prepared(SQL.release).run({ name, host: holder.host, pid: holder.pid, startedAt: holder.startedAt });
}
