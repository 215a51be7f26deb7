// Listing and counting incidents for the dashboard, the CLI and Slack's /clopus list.

import { type IncidentState, STATES } from '../core/index.js';
import { ClopusError } from '../errors.js';
import type { StoreContext } from './context.js';
import { hydrate } from './read.js';
import { StateCountRow, TotalRow } from './schema.js';
import type { IncidentOrder, IncidentPage, IncidentQuery } from './types.js';

export const MAX_PAGE_SIZE = 500;

const ORDER_BY: Record<IncidentOrder, string> = {
  updated_desc: 'updated_at DESC, id DESC',
  updated_asc: 'updated_at ASC, id ASC',
  created_desc: 'created_at DESC, id DESC',
  created_asc: 'created_at ASC, id ASC',
};

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filters(query: IncidentQuery): { where: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (query.state !== undefined) {
    clauses.push('state IN (SELECT value FROM json_each(@states))');
    params.states = JSON.stringify(typeof query.state === 'string' ? [query.state] : query.state);
  }
  if (query.namespace !== undefined) {
    clauses.push('namespace = @namespace');
    params.namespace = query.namespace;
  }
  if (query.reason !== undefined) {
    clauses.push('reason = @reason');
    params.reason = query.reason;
  }
  if (query.search !== undefined && query.search !== '') {
    const columns = ['workload_name', 'namespace', 'message', 'fingerprint'];
    clauses.push(`(${columns.map((c) => `${c} LIKE @search ESCAPE '\\'`).join(' OR ')})`);
    params.search = likePattern(query.search);
  }
  if (query.lastSeenSince !== undefined) {
    // Every write of last_seen_at sets updated_at to the store's clock at the same time or later (the detector
    // stamps an observation just before writing it), so updated_at bounds the scan through the (state, updated_at)
    // index: without it every row of the states asked for is read from the table.
    clauses.push('updated_at >= @lastSeenSince AND last_seen_at >= @lastSeenSince');
    params.lastSeenSince = query.lastSeenSince;
  }
  if (query.newestOfFingerprint === true) {
    // One lookup in the (fingerprint, state) index per row: is there a later incident of the same fingerprint?
    clauses.push(
      'NOT EXISTS (SELECT 1 FROM incidents AS later WHERE later.fingerprint = incidents.fingerprint AND later.id > incidents.id)',
    );
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

/** One page of incidents matching every given filter, and how many match in all. */
export function listIncidents(ctx: StoreContext, query: IncidentQuery): IncidentPage {
  const { limit, offset } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE || !Number.isInteger(offset) || offset < 0) {
    throw new ClopusError(
      'INPUT_INVALID',
      `A page needs a limit between 1 and ${MAX_PAGE_SIZE} and an offset of 0 or more (got ${limit}, ${offset}).`,
    );
  }
  const { where, params } = filters(query);
  const order = ORDER_BY[query.order ?? 'updated_desc'];
  // Only a handful of filter combinations exist, so each SQL text is prepared once and reused.
  const count = ctx.prepared(`SELECT count(*) AS total FROM incidents ${where}`);
  const page = ctx.prepared(`SELECT * FROM incidents ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`);
  return ctx.read(() => ({
    total: TotalRow.parse(count.get(params)).total,
    items: hydrate(ctx, page.all({ ...params, limit, offset })),
  }));
}

/** Incidents per state, every state present (zero when none). */
export function countByState(ctx: StoreContext): Record<IncidentState, number> {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<IncidentState, number>;
  for (const row of ctx.sql.countByState.all()) {
    const { state, n } = StateCountRow.parse(row);
    counts[state] = n;
  }
  return counts;
}
