// What the dashboard needs from its caller, and what it hands back.
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';

/** One named readiness check, e.g. { watch: { ok: true, detail: '1,204 pods in 3 namespaces' } }. */
export interface HealthCheck {
  ok: boolean;
  /** Shown by the open /readyz: counts and generic reasons only, never names (namespaces, pods, paths). */
  detail?: string;
}

/** Extra samples for /metrics from the caller (e.g. the detector's watch), in Prometheus terms. */
export interface ExtraMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: ReadonlyArray<{ labels?: Readonly<Record<string, string>>; value: number }>;
}

/** The store calls the dashboard makes: reads only. */
export type DashboardStore = Pick<
  Store,
  | 'listIncidents'
  | 'countByState'
  | 'getIncident'
  | 'auditTrail'
  | 'recentEvidence'
  | 'listDiagnoses'
  | 'listProposals'
  | 'listDecisions'
  | 'listAppliedActions'
  | 'pullRequestsOf'
  | 'revisionsOf'
  | 'answersOf'
  | 'incidentModelUsage'
  | 'overviewStats'
  | 'metricsSnapshot'
  | 'detectionHistogram'
  | 'listNamespaces'
  | 'ping'
  | 'changeStamp'
>;

export interface DashboardOptions {
  store: DashboardStore;
  logger: Logger;
  /** Readiness checks besides the database's own, e.g. whether the watch is synced. */
  health?: () => Record<string, HealthCheck>;
  metrics?: () => readonly ExtraMetric[];
  port: number;
  /** Default 127.0.0.1. Anything but loopback needs a token. */
  host?: string;
  /** CLOPUS_DASHBOARD_TOKEN; required unless bound to loopback. */
  token?: string;
  /** Shown in the header; the incidents' own cluster column otherwise. */
  cluster?: string;
  /** How often live regions refresh (default 5). */
  pollSeconds?: number;
  /** The clock relative times are measured against; tests pin it. */
  now?: () => Date;
}

export interface RunningDashboard {
  /** e.g. http://127.0.0.1:8080 (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}
