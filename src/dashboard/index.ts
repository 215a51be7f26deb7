// The dashboard: a read-only web UI over the store (overview, incidents, one incident's whole story), /healthz and /metrics.
export { startDashboard, isLoopback } from './server.js';
export { createDashboardApp, type AppOptions } from './app.js';
export { CONTENT_SECURITY_POLICY } from './middleware/security-headers.js';
export { watchProbes, type WatchStatus } from './watch.js';
export type { DashboardOptions, DashboardStore, ExtraMetric, HealthCheck, RunningDashboard } from './types.js';
