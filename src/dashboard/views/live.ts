// Live regions: a block that asks the server for itself again every few seconds, carrying the version of the data
// it shows. The server answers 204 when the store has not changed, without reading a page's worth of rows, and htmx
// leaves the page (scroll, selection) alone.
import { createHash } from 'node:crypto';
import { type Html, html } from './html.js';

/**
 * The version of a region: the store's change stamp, and the minute, so relative times ("5 min ago") and anything
 * the stamp does not cover are at most a minute stale.
 */
export function liveVersion(stamp: string, now: Date): string {
  const digest = createHash('sha256').update(stamp).digest('base64url').slice(0, 12);
  return `${digest}-${Math.floor(now.getTime() / 60_000).toString(36)}`;
}

/** A poll that hangs this long counts as failed, so the header says Offline (assets/live-status.ts). */
function timeoutMs(pollSeconds: number): number {
  return Math.max(10_000, Math.round(pollSeconds * 2000));
}

/**
 * `url` is the fragment route for this region (with its own query); `v` is appended. It replaces itself (outerHTML).
 * `data-poll-ms` tells the header's live indicator how often to expect an answer.
 */
export function liveRegion(opts: { id: string; url: string; pollSeconds: number; version: string; body: Html }): Html {
  const sep = opts.url.includes('?') ? '&' : '?';
  const request = JSON.stringify({ timeout: timeoutMs(opts.pollSeconds) });
  return html`<div id="${opts.id}" class="live-region" hx-get="${`${opts.url}${sep}v=${opts.version}`}" hx-trigger="every ${opts.pollSeconds}s" hx-swap="outerHTML" hx-request="${request}" data-poll-ms="${Math.round(opts.pollSeconds * 1000)}" data-version="${opts.version}">${opts.body}</div>`;
}
