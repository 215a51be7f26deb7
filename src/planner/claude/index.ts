// The Claude planner: Claude Code in plan mode with read-only investigation tools and propose_fix.

export { runClaudeAnswer } from './answer.js';
export { READONLY_COMMANDS } from './container-tools.js';
export { runClaudePlanner } from './planner.js';
export { noUsage } from './run-tracker.js';
export type {
  ClaudeAnswerInput,
  ClaudeAnswerResult,
  ClaudeCredentials,
  ClaudeLimits,
  ClaudePlannerInput,
  ClaudePlannerResult,
  PlannerIncident,
  PlannerKube,
  PlannerOutcome,
  PlannerUsage,
  RevisionContext,
} from './types.js';
