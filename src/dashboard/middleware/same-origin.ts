// A POST (sign-in, sign-out) must come from the dashboard's own pages, never from a form on another site. Browsers
// say where a request comes from in Sec-Fetch-Site; older ones only in Origin. Pages here send no referrer, and a
// browser then sends "Origin: null" even on a same-origin POST, so Sec-Fetch-Site is what a current browser is
// judged by. A request with neither header is not from a browser (curl, a script): no other site can send it.
import type { Context, MiddlewareHandler } from 'hono';

function fromThisSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? '').toLowerCase();
  } catch {
    return false; // "null", or not a URL at all
  }
}

export function sameOriginPosts(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || fromThisSite(c)) return next();
    return c.text(
      'This form was sent from another site, so it was ignored. Open the dashboard itself and use it there.\n',
      403,
    );
  };
}
