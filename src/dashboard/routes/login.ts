// GET /login (the form, or checking a submitted token and setting the session cookie) and GET /logout.
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sessionValid, sessionValue, SESSION_COOKIE, SESSION_SECONDS, tokenMatches } from '../auth/session.js';
import type { DashboardContext } from '../context.js';
import { LoginQuery } from '../schema.js';
import { layout } from '../views/layout.js';
import { loginBody } from '../views/login.js';

export function registerLogin(app: Hono, ctx: DashboardContext): void {
  app.get('/login', (c) => {
    const { token: configured } = ctx;
    const query = LoginQuery.parse(c.req.query());
    if (configured === undefined) return c.redirect(query.next, 303);
    if (query.token === undefined && sessionValid(configured, getCookie(c, SESSION_COOKIE), ctx.now())) {
      return c.redirect(query.next, 303);
    }
    if (query.token !== undefined && tokenMatches(configured, query.token)) {
      setCookie(c, SESSION_COOKIE, sessionValue(configured, ctx.now()), {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: SESSION_SECONDS,
        secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
      });
      ctx.logger.info({ next: query.next }, 'dashboard sign-in');
      return c.redirect(query.next, 303);
    }
    const failed = query.token !== undefined;
    if (failed) ctx.logger.warn({}, 'dashboard sign-in refused: wrong token');
    return c.html(layout(ctx.chrome, { title: 'Sign in', nav: 'none', body: loginBody(query.next, failed) }), failed ? 401 : 200);
  });

  app.get('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}
