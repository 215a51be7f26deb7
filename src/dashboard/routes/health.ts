// GET /healthz (liveness: the process answers), /healthz?ready=1 and /readyz (readiness: the database reads and
// every check the caller gave, e.g. the watch, is ok). Open without a token, for probes, so the body says only
// ready or not, with counts and generic reasons: no namespace names, paths or error text (those go to the log).
import type { Context, Hono } from 'hono';
import type { DashboardContext } from '../context.js';
import type { HealthCheck } from '../types.js';

function readiness(ctx: DashboardContext): Record<string, HealthCheck> {
  const checks: Record<string, HealthCheck> = {};
  try {
    ctx.store.ping();
    checks.database = { ok: true };
  } catch (err) {
    ctx.logger.warn({ err }, 'dashboard readiness: database unreadable');
    checks.database = { ok: false, detail: 'the database cannot be read' };
  }
  try {
    Object.assign(checks, ctx.health());
  } catch (err) {
    ctx.logger.warn({ err }, 'dashboard readiness: health check threw');
    checks.health = { ok: false, detail: 'a readiness check failed to run' };
  }
  return checks;
}

export function registerHealth(app: Hono, ctx: DashboardContext): void {
  const ready = (c: Context) => {
    const checks = readiness(ctx);
    const ok = Object.values(checks).every((check) => check.ok);
    if (!ok) ctx.logger.debug({ checks }, 'dashboard readiness check failing');
    return c.json({ status: ok ? 'ready' : 'not ready', checks }, ok ? 200 : 503);
  };
  app.get('/healthz', (c) => (c.req.query('ready') === undefined ? c.json({ status: 'ok' }) : ready(c)));
  app.get('/readyz', ready);
}
