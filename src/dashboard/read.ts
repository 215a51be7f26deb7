// What each page reads from the store; the only place the dashboard calls it for pages.
import type { Incident } from '../store/index.js';
import { listFilter, NAMED_LISTS } from './lists.js';
import { type ListQuery, PAGE_SIZE } from './schema.js';
import type { DashboardStore } from './types.js';
import type { IncidentDetail } from './views/detail/page.js';
import type { OverviewData } from './views/overview.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const LATEST = 8;
const EVIDENCE_ROWS = 5;
const NAMESPACE_OPTIONS = 500;

export function readOverview(store: DashboardStore, now: Date): OverviewData {
  // The window starts at midnight UTC six days ago, so the chart shows seven whole days, today included.
  const since = new Date(now.getTime() - WEEK_MS + 24 * 3600 * 1000);
  since.setUTCHours(0, 0, 0, 0);
  return {
    counts: store.countByState(),
    latest: store.listIncidents({ limit: LATEST, offset: 0, order: 'updated_desc' }).items,
    needsLook: store.listIncidents({
      ...NAMED_LISTS['needs-look'].filter(now),
      limit: LATEST,
      offset: 0,
      order: 'updated_desc',
    }),
    stats: store.overviewStats(since, now),
    now,
  };
}

export function readIncidents(store: DashboardStore, q: ListQuery, now: Date): { items: Incident[]; total: number } {
  return store.listIncidents({
    ...(q.list ? listFilter(q.list, q.state, now) : q.state ? { state: q.state } : {}),
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.reason ? { reason: q.reason } : {}),
    ...(q.q ? { search: q.q } : {}),
    limit: PAGE_SIZE,
    offset: (q.page - 1) * PAGE_SIZE,
    order: 'updated_desc',
  });
}

export function readNamespaces(store: DashboardStore): string[] {
  return store.listNamespaces(NAMESPACE_OPTIONS);
}

export function readIncident(store: DashboardStore, id: number): IncidentDetail | undefined {
  const incident = store.getIncident(id);
  if (!incident) return undefined;
  const proposals = store.listProposals(id);
  const latest = proposals.at(-1);
  return {
    incident,
    // Oldest first reads as a story; the store hands the newest rows first.
    evidence: store.recentEvidence(id, EVIDENCE_ROWS).reverse(),
    audit: store.auditTrail(id),
    diagnoses: store.listDiagnoses(id),
    proposals,
    decisions: proposals.flatMap((p) => store.listDecisions(p.id)),
    applied: latest ? store.listAppliedActions(latest.id) : [],
    pullRequests: store.pullRequestsOf(id),
    revisions: store.revisionsOf(id),
    answers: store.answersOf(id),
    modelUsage: store.incidentModelUsage(id),
  };
}
