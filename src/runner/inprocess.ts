// The in-process runner: the shared diagnosis run, called directly in the bot's process. It gets the bot's
// cluster client and credentials, and the bot's dry run as a check the model hears about.
import { type ClaudePlannerInput, type ClaudePlannerResult, runClaudePlanner } from '../planner/index.js';
import { diagnosisInput, type RunDeps, runDiagnosis } from './run.js';

export type PlanClaude = (input: ClaudePlannerInput) => Promise<ClaudePlannerResult>;

/** A `planClaude` for diagnoseIncident that runs each diagnosis here, through the same code as `clopus diagnose`. */
export function inprocessPlanner(opts: { plan?: RunDeps['plan'] } = {}): PlanClaude {
  return (input) => {
    // The input file has no room for the clone's part of the scope (a Job rebuilds it from its snapshot), so it is
    // laid back on here: without it propose_fix refuses every edit_repo_file as not deployed from a cloned repository.
    const repoScope = input.scope?.repo;
    const plan = opts.plan ?? runClaudePlanner;
    return runDiagnosis(diagnosisInput(input), {
      kube: input.kube,
      credentials: input.env,
      logger: input.logger,
      ...(input.abortSignal ? { signal: input.abortSignal } : {}),
      ...(input.validate ? { validate: input.validate } : {}),
      plan: repoScope ? (i) => plan(i.scope ? { ...i, scope: { ...i.scope, repo: repoScope } } : i) : plan,
      ...(input.repo ? { repo: input.repo } : {}),
      // Like the clone, the session's directory is the bot's: the input file has no room for it.
      ...(input.session ? { session: input.session } : {}),
    });
  };
}
