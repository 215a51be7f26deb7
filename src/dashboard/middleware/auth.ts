// Requires the dashboard token, as a bearer header or a session cookie from /login. A browser without one gets
// a 401 page that moves on to the login page; a script gets a plain 401; a live region whose session expired tells
// htmx to go to login.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { bearer, SESSION_COOKIE, type Sessions } from '../auth/session.js';
import { bounceToLogin } from '../views/login.js';

/** Paths anyone may fetch: probes, the login page and what it needs. */
const PUBLIC = /^\/(healthz|readyz|login|logout|favicon\.ico|assets\/[\w.-]+)$/;

function loginUrl(c: Context): string {
  const from = c.req.header('hx-current-url') ?? c.req.url;
  const url = new URL(from, c.req.url);
  const next = url.pathname.startsWith('/fragments/') ? '/' : `${url.pathname}${url.search}`;
  return `/login?next=${encodeURIComponent(next)}`;
}

export function requireToken(sessions: Sessions): MiddlewareHandler {
  return async (c, next) => {
    if (PUBLIC.test(c.req.path)) return next();
    const given = bearer(c.req.header('authorization'));
    if (given !== undefined ? sessions.matches(given) : sessions.valid(getCookie(c, SESSION_COOKIE))) {
      return next();
    }
    if (given === undefined && c.req.header('hx-request') === 'true') {
      return c.text('Your session has ended; sign in again.\n', 401, { 'HX-Redirect': loginUrl(c) });
    }
    if (given === undefined && (c.req.header('accept') ?? '').includes('text/html'))
      return c.html(bounceToLogin(loginUrl(c)), 401);
    return c.text(
      given === undefined
        ? 'This dashboard needs a token: send Authorization: Bearer <token>, or sign in at /login.\n'
        : 'That token is not valid.\n',
      401,
      { 'WWW-Authenticate': 'Bearer realm="clopus"' },
    );
  };
}
