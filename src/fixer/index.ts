// The fixer: planners (runbooks, Claude) that turn an incident into a checked, diffed proposal, and the record of each run.
export * from './claude/index.js';
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
export { storeDiagnosisRecorder } from './store-recorder.js';
export { loadLatestProposal, loadProposal, parseProposalRecord, type StoredProposal } from './proposals.js';
export { claudeLimits, modelAccess, type CredentialSource, type ModelAccess } from './credentials.js';
export { fixerKube, type FixerKube } from './kube.js';
export { proposalScope } from './scope.js';
export { formatMemory, parseMemory, runRunbooks, type RunbookInput, type RunbookName, type RunbookResult } from './runbooks/index.js';
export {
  DEFAULT_DIFF_CAPS,
  cleanWorkload,
  editFileDiff,
  patchDiff,
  proposalDiff,
  readCurrent,
  renderSections,
  workloadYaml,
  type DiffCaps,
  type DiffContext,
  type DiffSection,
  type PatchDiff,
  type ProposalDiff,
} from './diff/index.js';
export {
  DiagnosisQueue,
  FIXER_ACTOR,
  createDiagnosisQueue,
  diagnoseIncident,
  sweepDiagnoses,
  type DiagnoseDeps,
  type DiagnoseOutcome,
  type DiagnosisQueueOptions,
  type SweepResult,
} from './diagnoser/index.js';
export {
  VerificationRunner,
  createDecisionService,
  resumeDecisions,
  type DecideDeps,
  type DecisionOutcome,
  type DecisionResult,
  type DecisionService,
} from './decide/index.js';
export { storeActionRecorder } from './apply/index.js';
export { startFixerLoop, type FixerLoop, type FixerLoopOptions } from './loop.js';
export { autoApproveDeps } from './auto-approve-deps.js';
export { startFixerWithPolicy, type FixerWithPolicy, type FixerWithPolicyOptions } from './with-policy.js';
