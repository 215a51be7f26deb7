// The in-process runner: the shared diagnosis run, called directly in the bot's process. It gets the bot's
// cluster client and credentials, and the bot's dry run as a check the model hears about.
import type { ClaudePlannerInput, ClaudePlannerResult } from '../planner/index.js';
import { diagnosisInput, type RunDeps, runDiagnosis } from './run.js';

export type PlanClaude = (input: ClaudePlannerInput) => Promise<ClaudePlannerResult>;

/** A `planClaude` for diagnoseIncident that runs each diagnosis here, through the same code as `clopus diagnose`. */
export function inprocessPlanner(opts: { plan?: RunDeps['plan'] } = {}): PlanClaude {
  return (input) =>
    runDiagnosis(diagnosisInput(input), {
      kube: input.kube,
      credentials: input.env,
      logger: input.logger,
      ...(input.abortSignal ? { signal: input.abortSignal } : {}),
      ...(input.validate ? { validate: input.validate } : {}),
      ...(opts.plan ? { plan: opts.plan } : {}),
      ...(input.repo ? { repo: input.repo } : {}),
    });
}
