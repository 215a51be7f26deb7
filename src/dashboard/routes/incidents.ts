// GET /incidents (filters, search, pages) and GET /fragments/incidents (the live table for the same query).
import type { Hono } from 'hono';
import type { DashboardContext } from '../context.js';
import { NAMED_LISTS } from '../lists.js';
import { readIncidents, readNamespaces } from '../read.js';
import { ListQuery } from '../schema.js';
import { html } from '../views/html.js';
import { filterForm, incidentResults, listQueryString } from '../views/incidents.js';
import { layout } from '../views/layout.js';
import { type Region, renderRegion, respondLive } from './fragment.js';

/** A search without a namespace reads every incident, so its results refresh less often. */
const SEARCH_POLL_SECONDS = 30;

export function registerIncidents(app: Hono, ctx: DashboardContext): void {
  const region = (q: ListQuery): Region => ({
    id: 'incidents',
    url: `/fragments/incidents${listQueryString(q)}`,
    pollSeconds: q.q && !q.namespace ? Math.max(ctx.pollSeconds, SEARCH_POLL_SECONDS) : ctx.pollSeconds,
    render: () => incidentResults(q, readIncidents(ctx.store, q, ctx.now()), ctx.now()),
  });

  /** The heading: a named list (from an overview card) says what it holds, and how to see everything. */
  const head = (q: ListQuery) => {
    if (!q.list)
      return html`<h1>Incidents</h1><p class="muted">Every degraded workload Clopus recorded, newest activity first.</p>`;
    const list = NAMED_LISTS[q.list];
    return html`<h1>${list.title}</h1><p class="muted">${list.description} <a href="/incidents">See every incident</a></p>`;
  };

  app.get('/incidents', (c) => {
    const q = ListQuery.parse(c.req.query());
    return c.html(
      layout(ctx.chrome, {
        title: q.list ? NAMED_LISTS[q.list].title : 'Incidents',
        nav: 'incidents',
        body: html`<div class="page-head"><div>${head(q)}</div></div>
${filterForm(q, readNamespaces(ctx.store))}
<section class="panel">${renderRegion(ctx, region(q))}</section>`,
      }),
    );
  });
  app.get('/fragments/incidents', (c) => respondLive(c, ctx, region(ListQuery.parse(c.req.query()))));
}
