// The fixer: planners that turn an incident into a checked proposal, and the record of each planner run.
export { runClaudePlanner, READONLY_COMMANDS } from './claude/index.js';
export type {
  ClaudeCredentials,
  ClaudeLimits,
  ClaudePlannerInput,
  ClaudePlannerResult,
  PlannerIncident,
  PlannerKube,
  PlannerOutcome,
  PlannerUsage,
} from './claude/index.js';
export {
  EditFileAction,
  ExecAction,
  MAX_ACTIONS,
  MAX_FILE_BYTES,
  MAX_ROOT_CAUSE_CHARS,
  PatchWorkloadAction,
  Proposal,
  ProposalAction,
  ProposalSummary,
  RestartPodAction,
} from './proposal/schema.js';
export { checkPath, checkProposal, type ProposalScope } from './proposal/check.js';
export { checkPatch } from './proposal/check-patch.js';
export {
  memoryDiagnosisRecorder,
  recordDiagnosis,
  type DiagnosisFinish,
  type DiagnosisRecorder,
  type DiagnosisRow,
  type DiagnosisStart,
  type DiagnosisStatus,
  type NewProposal,
  type PlannerName,
} from './diagnosis.js';
