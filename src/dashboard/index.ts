// The dashboard: a read-only web UI over the store (overview, incidents, one incident's whole story), /healthz and /metrics.

export { type AppOptions, createDashboardApp } from './app.js';
export { CONTENT_SECURITY_POLICY } from './middleware/security-headers.js';
export { isLoopback, startDashboard } from './server.js';
export type { DashboardOptions, DashboardStore, ExtraMetric, HealthCheck, RunningDashboard } from './types.js';
export { type WatchStatus, watchProbes } from './watch.js';
