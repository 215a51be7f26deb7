// Rendering live regions: the version is read before the data, so a change made in between shows on the next poll.
import type { Context } from 'hono';
import type { DashboardContext } from '../context.js';
import { Version } from '../schema.js';
import type { Html } from '../views/html.js';
import { liveRegion, liveVersion } from '../views/live.js';

export interface Region {
  id: string;
  /** The fragment route, with the page's query. */
  url: string;
  pollSeconds?: number;
  /** Reads the store and renders; only called when the client's version is out of date. */
  render: () => Html;
}

export function renderRegion(ctx: DashboardContext, region: Region): Html {
  const version = liveVersion(ctx.store.changeStamp(), ctx.now());
  return liveRegion({
    id: region.id,
    url: region.url,
    pollSeconds: region.pollSeconds ?? ctx.pollSeconds,
    version,
    body: region.render(),
  });
}

/** A live region's poll: 204 (htmx swaps nothing) when the client already shows this version. */
export function respondLive(c: Context, ctx: DashboardContext, region: Region): Response {
  const seen = Version.parse(c.req.query('v'));
  if (seen !== undefined && seen === liveVersion(ctx.store.changeStamp(), ctx.now())) return c.body(null, 204);
  return c.html(renderRegion(ctx, region));
}
