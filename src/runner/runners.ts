// Where a diagnosis runs: in the bot's process, or as one Kubernetes Job per diagnosis. Both run the same code
// (`runDiagnosis`) on the same input and hand diagnoseIncident the same planner result.
import type { Config } from '../config/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../logger.js';
import { type ModelAccess, modelAccess } from '../planner/index.js';
import { inprocessPlanner, type PlanClaude } from './inprocess.js';
import { JobRunner } from './job/runner.js';
import { jobSettings } from './job/settings.js';

export { inprocessPlanner, type PlanClaude } from './inprocess.js';
export { readResultLine } from './job/outcome.js';
export { JobRunner, type JobRunnerOptions, type JobRunnerStats } from './job/runner.js';
export { jobSettings, ownImage } from './job/settings.js';
export { COMMAND, diagnosisObjects, type JobSettings, SWEEP_SELECTOR } from './job/spec.js';
export { diagnosisInput, plannerResult, type RunDeps, resultLine, runDiagnosis } from './run.js';
export { DiagnosisInput, DiagnosisResult, RESULT_MARKER } from './schema.js';

export interface RunnerStats {
  mode: Config['runner']['mode'];
  /** Diagnoses waiting for a Job slot (always 0 in process, where the diagnosis queue is the only limit). */
  queued: number;
  running: number;
}

export interface Runner {
  mode: Config['runner']['mode'];
  /** Pass as DiagnoseDeps.planClaude. */
  planClaude: PlanClaude;
  /**
   * Pass as DiagnoseDeps.access. In job mode the credentials are the Job's Secret, which the bot never reads, so
   * the bot's own environment need hold none: the Claude planner is on whenever the runner is.
   */
  access: ModelAccess | undefined;
  /** Sweeps leftovers of a previous run (job mode). Call once before the first diagnosis. */
  start(): Promise<void>;
  stats(): RunnerStats;
  stop(): Promise<void>;
}

/** Stands for "the model is reachable" in job mode; the real variables live only in the Job's Secret. */
const JOB_SECRET_ACCESS: ModelAccess = { source: 'api_key', credentials: { vars: {} } };

export async function createRunner(opts: {
  config: Config;
  kube: KubeClient;
  logger: Logger;
  env: Record<string, string | undefined>;
}): Promise<Runner> {
  const { config, kube, logger, env } = opts;
  if (config.runner.mode === 'inprocess') {
    const planClaude = inprocessPlanner();
    return {
      mode: 'inprocess',
      planClaude,
      access: modelAccess(config.fixer, env),
      start: async () => {},
      stats: () => ({ mode: 'inprocess', queued: 0, running: 0 }),
      stop: async () => {},
    };
  }
  const settings = await jobSettings(config.runner.job, kube, env);
  const runner = new JobRunner({ kube, settings, logger, logLevel: config.logLevel });
  logger.info(
    {
      namespace: settings.namespace,
      image: settings.image,
      serviceAccount: settings.serviceAccount,
      concurrency: settings.concurrency,
    },
    'diagnoses run as Jobs',
  );
  return {
    mode: 'job',
    planClaude: runner.plan,
    access: JOB_SECRET_ACCESS,
    start: async () => {
      await runner.sweep();
    },
    stats: () => ({ mode: 'job', queued: runner.stats().queued, running: runner.stats().running }),
    stop: () => runner.stop(),
  };
}
