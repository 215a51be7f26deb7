// Without a token the dashboard is open to this machine only. A web page elsewhere could still point a name it
// controls at 127.0.0.1 (DNS rebinding) and read the dashboard as same-origin; its requests carry that name in
// Host, so an open dashboard answers only requests addressed to a loopback name.
import type { MiddlewareHandler } from 'hono';

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/** Whether a Host header names this machine (localhost, 127.x.x.x or [::1], with or without a port). */
export function isLoopbackHost(host: string | undefined): boolean {
  return LOOPBACK_HOST.test(host ?? '');
}

export function loopbackHostOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (isLoopbackHost(c.req.header('host'))) return next();
    return c.text('This dashboard has no token, so it only answers requests addressed to localhost.\n', 421);
  };
}
