// Remembering where an incident's Slack message lives, so every later update edits it instead of posting anew.
import type { StoreContext } from './context.js';

/** Stores the message's channel and ts once; returns false if the incident already has one (or does not exist). */
export function setSlackMessage(ctx: StoreContext, id: number, channel: string, ts: string): boolean {
  return ctx.sql.setSlackMessage.run({ id, channel, ts, at: ctx.now() }).changes === 1;
}
