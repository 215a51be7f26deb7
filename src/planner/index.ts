// Planning: runbooks and Claude Code turn an incident into a proposal, which is checked against the incident's scope and the
// safety envelope and rendered as a diff. Other modules import only what is exported here.
export { type ProposalAction, Proposal, type EditFileAction, type ExecAction, type PatchWorkloadAction, type RestartPodAction } from './proposal/schema.js';
export { loadLatestProposal, type StoredProposal, parseProposalRecord } from './proposal/stored.js';
export type { ClaudePlannerResult, PlannerUsage, ClaudeLimits, ClaudePlannerInput, ClaudeCredentials, PlannerKube } from './claude/types.js';
export { type ModelAccess, modelAccess } from './credentials.js';
export type { DiffCaps } from './diff/types.js';
export { type FixerKube, fixerKube } from './kube.js';
export { proposalScope } from './scope.js';
export { plan, NO_USAGE, type PlanResult } from './plan.js';
export { type ProposalScope, checkProposal } from './proposal/check.js';
export { checkEnvelope } from './envelope/index.js';
export type { EnvelopeSettings } from './envelope/settings.js';
export { runClaudePlanner } from './claude/planner.js';
export { parseMemory } from './runbooks/quantity.js';
export { shellWord } from './diff/index.js';
export { classifyPatch } from './envelope/classify-patch.js';
export type { PlanDeps } from './plan.js';
export type { PlanInput } from './plan.js';
