// The dashboard's static files, held in memory with a content hash that pages put in their URLs, so browsers
// may cache them for good and still see a new version at once.
import { createHash } from 'node:crypto';
import { FAVICON_SVG } from './favicon.js';
import { htmxSource } from './htmx.js';
import { LIVE_STATUS_JS } from './live-status.js';
import { APP_CSS } from './style.js';

export interface Asset {
  body: string;
  type: string;
  version: string;
}

const version = (body: string): string => createHash('sha256').update(body).digest('base64url').slice(0, 10);

function asset(body: string, type: string): Asset {
  return { body, type, version: version(body) };
}

export function loadAssets(): Record<'app.css' | 'htmx.min.js' | 'favicon.svg', Asset> {
  return {
    'app.css': asset(APP_CSS, 'text/css; charset=utf-8'),
    // htmx, then the live indicator that listens to its events: one script per page, all of it from this server.
    'htmx.min.js': asset(`${htmxSource()}\n${LIVE_STATUS_JS}`, 'text/javascript; charset=utf-8'),
    'favicon.svg': asset(FAVICON_SVG, 'image/svg+xml'),
  };
}
