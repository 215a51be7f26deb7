// GET /assets/app.css, /assets/htmx.min.js, /assets/favicon.svg (and /favicon.ico, which browsers ask for).
import type { Context, Hono } from 'hono';
import type { Asset } from '../assets/index.js';

function send(c: Context, asset: Asset, versioned: boolean): Response {
  return c.body(asset.body, 200, {
    'Content-Type': asset.type,
    // A versioned URL never changes content; an unversioned one may, so it is revalidated.
    'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    ETag: `"${asset.version}"`,
  });
}

export function registerAssets(app: Hono, assets: Readonly<Record<string, Asset>>): void {
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    // hasOwn: "constructor" and friends are on every object's prototype, and are not assets.
    const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
    return asset ? send(c, asset, c.req.query('v') === asset.version) : c.notFound();
  });
  const icon = assets['favicon.svg'];
  if (icon) app.get('/favicon.ico', (c) => send(c, icon, false));
}
