// The dashboard changes nothing: every method but GET and HEAD is refused before any route runs.
import type { MiddlewareHandler } from 'hono';

export function readOnly(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    return c.text(`${method} is not allowed: the dashboard is read-only.\n`, 405, { Allow: 'GET, HEAD' });
  };
}
