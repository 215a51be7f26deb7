// Readiness and metrics from the detector's watch, for `clopus serve` to pass in. Takes the detector's health as a
// plain shape, so the dashboard imports nothing from the detector.
import type { ExtraMetric, HealthCheck } from './types.js';

export interface WatchStatus {
  synced: boolean;
  scopes: readonly string[];
  pods: number;
  relists: number;
  watchErrors: number;
}

/** `health` and `metrics` options for startDashboard, read from e.g. `() => detector.health()` on each request. */
export function watchProbes(status: () => WatchStatus): {
  health: () => Record<string, HealthCheck>;
  metrics: () => ExtraMetric[];
} {
  return {
    health: () => {
      const s = status();
      // Counts only: /readyz is open to anyone who reaches the port, and namespace names say what runs where.
      const n = s.scopes.length;
      const where = s.scopes.includes('*') ? 'all namespaces' : `${n} namespace${n === 1 ? '' : 's'}`;
      return {
        watch: {
          ok: s.synced,
          detail: s.synced ? `watching ${s.pods} pods in ${where}` : `not synced yet (${s.watchErrors} watch errors)`,
        },
      };
    },
    metrics: () => {
      const s = status();
      return [
        {
          name: 'clopus_watch_synced',
          help: 'Whether every watched scope has been listed and is being watched.',
          type: 'gauge',
          samples: [{ value: s.synced ? 1 : 0 }],
        },
        { name: 'clopus_watched_pods', help: 'Pods in the watch cache.', type: 'gauge', samples: [{ value: s.pods }] },
        {
          name: 'clopus_watch_relists_total',
          help: 'Full lists since start (start, expired watches, rescans).',
          type: 'counter',
          samples: [{ value: s.relists }],
        },
        {
          name: 'clopus_watch_errors_total',
          help: 'Watch errors since start.',
          type: 'counter',
          samples: [{ value: s.watchErrors }],
        },
      ];
    },
  };
}
