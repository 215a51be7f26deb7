// Signing in and out. GET /login shows the form; POST /login checks the token and sets the session cookie; POST
// /logout ends every session. A token in a URL signs nobody in: it would stay in browser history and proxy logs.
// Only these two POSTs get past the read-only rule, and only from the dashboard's own pages (middleware/).
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { plainHttp, plainLoopback, sessionCookie } from '../auth/cookie.js';
import { bearer, SESSION_COOKIE, type Sessions } from '../auth/session.js';
import type { DashboardContext } from '../context.js';
import { LoginForm, LoginQuery } from '../schema.js';
import type { Html } from '../views/html.js';
import { layout } from '../views/layout.js';
import { type LoginNotice, loginBody, logoutBody } from '../views/login.js';

/** A form with a token and a path is well under this; anything bigger is not our form. */
const FORM_BYTES = 8 * 1024;

function signedIn(c: Context, sessions: Sessions): boolean {
  const given = bearer(c.req.header('authorization'));
  return given !== undefined ? sessions.matches(given) : sessions.valid(getCookie(c, SESSION_COOKIE));
}

export function registerLogin(app: Hono, ctx: DashboardContext): void {
  const { sessions } = ctx;
  const small = bodyLimit({
    maxSize: FORM_BYTES,
    onError: (c) => c.text('That form is too large to be a sign-in.\n', 413),
  });
  const page = (c: Context, title: string, body: Html, status: 200 | 400 | 401) =>
    c.html(layout(ctx.chrome, { title, nav: 'none', body }), status);
  const form = (c: Context, next: string, notice?: LoginNotice) =>
    loginBody({ next, notice, insecure: plainHttp(c) && !plainLoopback(c) });

  app.get('/login', (c) => {
    const { next } = LoginQuery.parse(c.req.query());
    if (sessions === undefined) return c.redirect(next, 303);
    const tokenInUrl = c.req.query('token') !== undefined;
    if (tokenInUrl) {
      ctx.logger.warn({}, 'dashboard sign-in refused: token in the URL');
      return page(c, 'Sign in', form(c, next, 'token-in-url'), 400);
    }
    // Signed in already: the bounce page after a link from Slack lands here, and goes straight on.
    if (sessions.valid(getCookie(c, SESSION_COOKIE))) return c.redirect(next, 303);
    return page(c, 'Sign in', form(c, next), 200);
  });

  app.post('/login', small, async (c) => {
    const body = LoginForm.parse(await c.req.parseBody().catch(() => ({})));
    if (sessions === undefined) return c.redirect(body.next, 303);
    if (!sessions.matches(body.token)) {
      ctx.logger.warn({}, 'dashboard sign-in refused: wrong token');
      return page(c, 'Sign in', form(c, body.next, 'wrong-token'), 401);
    }
    setCookie(c, SESSION_COOKIE, sessions.issue(), sessionCookie(c));
    ctx.logger.info({ next: body.next }, 'dashboard sign-in');
    return c.redirect(body.next, 303);
  });

  app.get('/logout', (c) => {
    if (sessions === undefined) return c.redirect('/', 303);
    if (!signedIn(c, sessions)) return c.redirect('/login', 303);
    return page(c, 'Sign out', logoutBody(), 200);
  });

  app.post('/logout', small, (c) => {
    // Only a signed-in caller may end everyone's sessions; anyone may drop their own (dead) cookie.
    if (sessions !== undefined && signedIn(c, sessions)) {
      sessions.revokeAll();
      ctx.logger.info({}, 'dashboard sign-out: every session ended');
    }
    deleteCookie(c, SESSION_COOKIE, sessionCookie(c));
    return c.redirect(sessions === undefined ? '/' : '/login', 303);
  });
}
