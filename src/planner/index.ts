// Planning: runbooks and Claude Code turn an incident into a proposal, which is checked against the incident's scope and the
// safety envelope and rendered as a diff. Other modules import only what is exported here.

export { runClaudeAnswer } from './claude/answer.js';
export { runClaudePlanner } from './claude/planner.js';
export { noUsage } from './claude/run-tracker.js';
export type {
  ClaudeAnswerInput,
  ClaudeAnswerResult,
  ClaudeCredentials,
  ClaudeLimits,
  ClaudePlannerInput,
  ClaudePlannerResult,
  PlannerKube,
  PlannerUsage,
  RevisionContext,
} from './claude/types.js';
export { claudeLimits, type ModelAccess, modelAccess } from './credentials.js';
export { shellWord } from './diff/index.js';
export type { DiffCaps } from './diff/types.js';
export { classifyPatch } from './envelope/classify-patch.js';
export { checkEnvelope } from './envelope/index.js';
export type { EnvelopeSettings } from './envelope/settings.js';
export { type FixerKube, fixerKube } from './kube.js';
export type { PlanDeps, PlanInput } from './plan.js';
export { NO_USAGE, type PlanResult, plan, type Vetted, vetProposal } from './plan.js';
export {
  checkProposal,
  type EditFileAction,
  type ExecAction,
  loadLatestProposal,
  loadProposal,
  type PatchWorkloadAction,
  Proposal,
  type ProposalAction,
  type ProposalScope,
  parseProposalRecord,
  type RestartPodAction,
  type StoredProposal,
} from './proposal/index.js';
export { parseMemory } from './runbooks/quantity.js';
export { proposalScope } from './scope.js';
