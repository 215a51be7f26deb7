// GET / (the overview page) and GET /fragments/overview (its live region).
import type { Hono } from 'hono';
import type { DashboardContext } from '../context.js';
import { readOverview } from '../read.js';
import { html } from '../views/html.js';
import { layout } from '../views/layout.js';
import { overviewBody } from '../views/overview.js';
import { type Region, renderRegion, respondLive } from './fragment.js';

export function registerOverview(app: Hono, ctx: DashboardContext): void {
  const region: Region = {
    id: 'overview',
    url: '/fragments/overview',
    render: () => overviewBody(readOverview(ctx.store, ctx.now())),
  };

  app.get('/', (c) =>
    c.html(
      layout(ctx.chrome, {
        title: 'Overview',
        nav: 'overview',
        body: html`<div class="page-head"><div><h1>Overview</h1><p class="muted">What Clopus saw and did in <strong>${ctx.chrome.cluster}</strong>: what waits for you, and how the last seven days went.</p></div></div>
${renderRegion(ctx, region)}`,
      }),
    ),
  );
  app.get('/fragments/overview', (c) => respondLive(c, ctx, region));
}
