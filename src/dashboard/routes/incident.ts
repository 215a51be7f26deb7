// GET /incidents/:id (everything about one incident) and GET /fragments/incidents/:id (its live region).
import type { Context, Hono } from 'hono';
import type { DashboardContext } from '../context.js';
import { readIncident } from '../read.js';
import { IncidentId } from '../schema.js';
import { incidentBody } from '../views/detail/page.js';
import { html } from '../views/html.js';
import { layout } from '../views/layout.js';
import { type Region, renderRegion, respondLive } from './fragment.js';

function notFound(c: Context, ctx: DashboardContext, id: string): Response {
  return c.html(
    layout(ctx.chrome, {
      title: 'Not found',
      nav: 'incidents',
      body: html`<div class="empty"><h1>No incident ${id}</h1><p>It does not exist in this database. <a href="/incidents">See all incidents</a>.</p></div>`,
    }),
    404,
  );
}

export function registerIncident(app: Hono, ctx: DashboardContext): void {
  /** The region for an incident that exists, with its page title; undefined for an unknown id. */
  const find = (raw: string): { region: Region; title: string } | undefined => {
    const id = IncidentId.safeParse(raw);
    const incident = id.success ? ctx.store.getIncident(id.data) : undefined;
    if (!incident) return undefined;
    return {
      title: `#${incident.id} ${incident.workloadName}`,
      region: {
        id: 'incident',
        url: `/fragments/incidents/${incident.id}`,
        render: () => {
          const detail = readIncident(ctx.store, incident.id);
          return detail ? incidentBody(detail) : html`<div class="empty">Incident ${incident.id} is gone.</div>`;
        },
      },
    };
  };

  app.get('/incidents/:id', (c) => {
    const found = find(c.req.param('id'));
    if (!found) return notFound(c, ctx, c.req.param('id'));
    return c.html(layout(ctx.chrome, { title: found.title, nav: 'incidents', body: renderRegion(ctx, found.region) }));
  });
  app.get('/fragments/incidents/:id', (c) => {
    const found = find(c.req.param('id'));
    return found ? respondLive(c, ctx, found.region) : c.body(null, 404);
  });
}
