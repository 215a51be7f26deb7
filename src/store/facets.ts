// Small reads for the dashboard: the namespaces incidents exist in (for its filter), a stamp that changes when
// anything it shows changes, and a readiness ping.
import type { StoreContext } from './context.js';
import { CountOnlyRow, NamespaceRow, StampRow } from './stats-schema.js';

// Hops from one distinct namespace to the next through the (namespace, updated_at) index: a few lookups per
// namespace instead of a scan of every incident.
const NAMESPACES = `
  WITH RECURSIVE ns (namespace, k) AS (
    SELECT min(namespace), 1 FROM incidents
    UNION ALL
    SELECT (SELECT min(namespace) FROM incidents WHERE namespace > ns.namespace), k + 1 FROM ns
    WHERE ns.namespace IS NOT NULL AND k < @limit
  )
  SELECT namespace FROM ns WHERE namespace IS NOT NULL`;

/** Up to `limit` distinct namespaces that have incidents, in order. */
export function listNamespaces(ctx: StoreContext, limit: number): string[] {
  return ctx
    .prepared(NAMESPACES)
    .all({ limit })
    .map((r) => NamespaceRow.parse(r).namespace);
}

/** Reads one row through the schema, so a missing or unreadable file fails here rather than in a page. */
export function ping(ctx: StoreContext): void {
  CountOnlyRow.parse(ctx.prepared('SELECT count(*) AS n FROM (SELECT 1 FROM incidents LIMIT 1)').get());
}

// Each part is one index or primary-key lookup: moves and events (audit), observations (updated_at), evidence,
// diagnoses, proposals and decisions. Cheap enough to ask every few seconds instead of re-reading a page.
const STAMP = `
  SELECT (SELECT coalesce(max(id), 0) FROM audit) || '.' || (SELECT coalesce(max(updated_at), '') FROM incidents) || '.' ||
    (SELECT coalesce(max(id), 0) FROM evidence) || '.' || (SELECT coalesce(max(id), 0) FROM diagnoses) || '.' ||
    (SELECT coalesce(max(id), 0) FROM proposals) || '.' || (SELECT coalesce(max(id), 0) FROM decisions) AS stamp`;

/** A string that changes whenever an incident is created, moves, is observed, or gains evidence or fixer records. */
export function changeStamp(ctx: StoreContext): string {
  return StampRow.parse(ctx.prepared(STAMP).get()).stamp;
}
