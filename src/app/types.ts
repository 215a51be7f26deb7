// What startApp (app.ts) is given besides the config, and what it hands back. What differs between `clopus serve`
// and the demo is an option here, never wiring of its own.
import type { Config } from '../config/index.js';
import type { RunningDashboard } from '../dashboard/index.js';
import type { Detector } from '../detector/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../logger.js';
import type { ModelAccess } from '../planner/index.js';
import type { createRunner } from '../runner/index.js';
import type { RunningSlack } from '../slack/index.js';
import type { Store } from '../store/index.js';
import type { FixerWithPolicy, FixerWithPolicyOptions } from './with-policy.js';

export type AppRunner = Awaited<ReturnType<typeof createRunner>>;

export interface AppDeps
  extends Pick<FixerWithPolicyOptions, 'onDiagnosis' | 'onAutoApprove' | 'onVerdict' | 'sweepMs' | 'verifyPollMs'> {
  /** The environment Slack's tokens and the model's credentials are read from. */
  env: Record<string, string | undefined>;
  /** The cluster (serve: --kubeconfig, KUBECONFIG...; the demo: its sandbox); asked once the database is held. */
  connect: () => Promise<KubeClient>;
  /** Where the bot logs; JSON (or pretty) lines on stderr at config.logLevel when omitted. */
  logger?: Logger | undefined;
  /** Holds the serve lease on the database (lease.ts): a second bot on it refuses to start. */
  lease?: boolean | undefined;
  /** Diagnoses in this process whatever config.runner says (the demo has no Jobs to run them). */
  inProcess?: boolean | undefined;
  /** When the dashboard's port is in use, takes a free one (App.dashboardMovedFrom) rather than fail. */
  dashboardAnyPort?: boolean | undefined;
  /** When Slack fails to start, goes on without it (App.slackError) rather than fail. */
  slackOptional?: boolean | undefined;
}

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  kube: KubeClient;
  runner: AppRunner;
  /** The model the planner may use (undefined: runbooks only). */
  access: ModelAccess | undefined;
  fixer: FixerWithPolicy;
  /** Started: its first list is done. */
  detector: Detector;
  dashboard: RunningDashboard;
  dashboardMovedFrom?: number | undefined;
  /** Undefined when Slack's tokens are not set (or it failed to start and `slackOptional` was given). */
  slack: RunningSlack | undefined;
  slackError?: unknown;
  /** Aborts (with who holds it now) if another server took the lease over while this one stalled. */
  leaseLost: AbortSignal;
  /** Stops everything, once however often it is called; the store is closed last. */
  stop(): Promise<void>;
}
