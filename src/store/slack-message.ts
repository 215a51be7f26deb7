// Remembering where an incident's Slack message lives, so every later update edits it instead of posting anew, and
// finding the incident a thread belongs to (a mention in it names the incident by its parent's ts).
import type { StoreContext } from './context.js';
import { hydrateOne } from './read.js';
import type { Incident } from './types.js';

const BY_MESSAGE = `SELECT * FROM incidents WHERE slack_ts = @ts AND slack_channel = @channel LIMIT 1`;

/** Stores the message's channel and ts once; returns false if the incident already has one (or does not exist). */
export function setSlackMessage(ctx: StoreContext, id: number, channel: string, ts: string): boolean {
  return ctx.sql.setSlackMessage.run({ id, channel, ts, at: ctx.now() }).changes === 1;
}

/** The incident whose own message is `ts` in `channel` (the parent of the thread its proposals are posted in). */
export function incidentBySlackMessage(ctx: StoreContext, channel: string, ts: string): Incident | undefined {
  return ctx.read(() => hydrateOne(ctx, ctx.prepared(BY_MESSAGE).get({ channel, ts })));
}
