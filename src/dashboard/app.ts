// The dashboard as a Hono app: read-only methods (and same-origin sign-in forms), security headers, the token (or
// loopback-only Host), routes.
import { Hono } from 'hono';
import { isClopusError } from '../errors.js';
import { loadAssets } from './assets/index.js';
import { Sessions } from './auth/session.js';
import type { DashboardContext } from './context.js';
import { requireToken } from './middleware/auth.js';
import { loopbackHostOnly } from './middleware/loopback-host.js';
import { readOnly } from './middleware/read-only.js';
import { sameOriginPosts } from './middleware/same-origin.js';
import { securityHeaders } from './middleware/security-headers.js';
import { registerAssets } from './routes/assets.js';
import { registerHealth } from './routes/health.js';
import { registerIncident } from './routes/incident.js';
import { registerIncidents } from './routes/incidents.js';
import { registerLogin } from './routes/login.js';
import { registerMetrics } from './routes/metrics.js';
import { registerOverview } from './routes/overview.js';
import type { DashboardOptions } from './types.js';
import { html } from './views/html.js';
import { layout } from './views/layout.js';

export interface AppOptions extends Omit<DashboardOptions, 'port' | 'host'> {
  pollSeconds: number;
}

/** Builds the app; `startDashboard` serves it, tests may call `app.request()` directly. */
export function createDashboardApp(options: AppOptions): Hono {
  const assets = loadAssets();
  const now = options.now ?? (() => new Date());
  const ctx: DashboardContext = {
    store: options.store,
    logger: options.logger,
    sessions: options.token === undefined ? undefined : new Sessions(options.token, now),
    pollSeconds: options.pollSeconds,
    now,
    health: options.health ?? (() => ({})),
    metrics: options.metrics ?? (() => []),
    chrome: {
      cluster: options.cluster ?? 'default',
      auth: options.token !== undefined,
      assetVersion: { css: assets['app.css'].version, js: assets['htmx.min.js'].version },
    },
  };
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', readOnly());
  app.use('*', sameOriginPosts());
  app.use('*', ctx.sessions === undefined ? loopbackHostOnly() : requireToken(ctx.sessions));

  registerAssets(app, assets);
  registerHealth(app, ctx);
  registerLogin(app, ctx);
  registerMetrics(app, ctx);
  registerOverview(app, ctx);
  registerIncidents(app, ctx);
  registerIncident(app, ctx);

  app.notFound((c) =>
    c.html(
      layout(ctx.chrome, {
        title: 'Not found',
        nav: 'none',
        body: html`<div class="empty"><h1>Nothing here</h1><p><a href="/">Back to the overview</a></p></div>`,
      }),
      404,
    ),
  );
  app.onError((err, c) => {
    ctx.logger.error({ err, path: c.req.path }, 'dashboard request failed');
    // A coded error says what happened in a sentence; anything else stays in the log.
    const sentence = isClopusError(err)
      ? err.message
      : 'Something went wrong while reading the database; the log has the details.';
    return c.html(
      layout(ctx.chrome, {
        title: 'Error',
        nav: 'none',
        body: html`<div class="callout error" role="alert">${sentence}</div>`,
      }),
      500,
    );
  });
  return app;
}
