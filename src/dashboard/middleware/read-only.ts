// The dashboard changes nothing: every method but GET and HEAD is refused before any route runs. The one
// exception is the sign-in and sign-out forms, which must POST (a token in a URL ends up in history and logs).
import type { MiddlewareHandler } from 'hono';

const FORMS: ReadonlySet<string> = new Set(['/login', '/logout']);

export function readOnly(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    const form = FORMS.has(c.req.path);
    if (method === 'GET' || method === 'HEAD' || (method === 'POST' && form)) return next();
    return c.text(`${method} is not allowed: the dashboard is read-only.\n`, 405, {
      Allow: form ? 'GET, HEAD, POST' : 'GET, HEAD',
    });
  };
}
