// The running bot's dashboard: the watch probes on /readyz and /metrics, with the runner's queue beside them.

import type { Config } from '../config/index.js';
import {
  type DashboardOptions,
  type ExtraMetric,
  type RunningDashboard,
  startDashboard,
  type WatchStatus,
  watchProbes,
} from '../dashboard/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';

export interface AppDashboard {
  dashboard: RunningDashboard;
  /** The configured port, when it was taken and a free one was used instead (`anyPort`). */
  movedFrom?: number | undefined;
}

export interface AppDashboardOptions {
  config: Config;
  store: Store;
  logger: Logger;
  watch: () => WatchStatus;
  /** Diagnoses waiting for a runner slot. */
  queued: () => number;
  /** When the configured port is in use, take a free one rather than fail. */
  anyPort?: boolean | undefined;
}

export async function openDashboard(opts: AppDashboardOptions): Promise<AppDashboard> {
  const { config, store, logger } = opts;
  // First, so the probes answer while the detector's first list is still running.
  const probes = watchProbes(opts.watch);
  const options: DashboardOptions = {
    store,
    logger,
    cluster: config.cluster,
    port: config.dashboard.port,
    host: config.dashboard.host,
    token: config.dashboard.token,
    health: probes.health,
    metrics: (): ExtraMetric[] => [
      ...probes.metrics(),
      {
        name: 'clopus_diagnoses_queued',
        help: 'Diagnoses waiting for a runner slot (job mode).',
        type: 'gauge',
        samples: [{ value: opts.queued() }],
      },
    ],
  };
  try {
    return { dashboard: await startDashboard(options) };
  } catch (err) {
    if (!opts.anyPort || (err as { cause?: NodeJS.ErrnoException }).cause?.code !== 'EADDRINUSE') throw err;
    return { dashboard: await startDashboard({ ...options, port: 0 }), movedFrom: options.port };
  }
}
