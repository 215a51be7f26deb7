// Read-only figures for the dashboard and /metrics.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import { changeStamp, listNamespaces } from '../facets.js';
import { detectionHistogram, metricsSnapshot } from '../metrics.js';
import { overviewStats } from '../stats.js';
import type { DetectionHistogram, MetricsSnapshot, OverviewStats } from '../stats-types.js';

export interface StatsRepository {
  /** Figures for the dashboard's overview over the window from `since` to `until` (stats.ts). */
  overviewStats(since: Date, until: Date): OverviewStats;
  /** All-time aggregates for /metrics (metrics.ts). */
  metricsSnapshot(): MetricsSnapshot;
  /** Detection latency of the incidents with an id above `afterId`, for running histogram totals (metrics.ts). */
  detectionHistogram(afterId: number): DetectionHistogram;
  /** Up to `limit` distinct namespaces that have incidents, in order. */
  listNamespaces(limit: number): string[];
  /** Changes whenever an incident is created, moves, is observed, or gains evidence or fixer records (facets.ts). */
  changeStamp(): string;
}

/** Stats operations over the store's one connection. */
export function statsRepository(ctx: StoreContext): StatsRepository {
  return {
    overviewStats: guarded('overviewStats', (since, until) => overviewStats(ctx, since, until)),
    metricsSnapshot: guarded('metricsSnapshot', () => metricsSnapshot(ctx)),
    detectionHistogram: guarded('detectionHistogram', (afterId) => detectionHistogram(ctx, afterId)),
    listNamespaces: guarded('listNamespaces', (limit) => listNamespaces(ctx, limit)),
    changeStamp: guarded('changeStamp', () => changeStamp(ctx)),
  };
}
