// The session cookie's attributes. Always HttpOnly, SameSite=Strict and on "/". Secure unless the request is plain
// HTTP addressed to a loopback name (kubectl port-forward, the demo), so signing in on localhost keeps working while
// a cookie given out anywhere else never travels without TLS.
import type { Context } from 'hono';
import type { CookieOptions } from 'hono/utils/cookie';
import { isLoopbackHost } from '../middleware/loopback-host.js';
import { SESSION_SECONDS } from './session.js';

/** Whether the browser reached us without TLS (also as seen by a TLS-terminating proxy, via X-Forwarded-Proto). */
export function plainHttp(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'http:' &&
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() !== 'https'
  );
}

/** Plain HTTP to localhost: the one case where the session cookie is not Secure. */
export function plainLoopback(c: Context): boolean {
  return plainHttp(c) && isLoopbackHost(c.req.header('host'));
}

export function sessionCookie(c: Context): CookieOptions {
  return { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_SECONDS, secure: !plainLoopback(c) };
}
