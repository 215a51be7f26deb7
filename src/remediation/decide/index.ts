// Decisions on proposals (approve, reject, rollback) and what follows them: apply, verify, and recovery after a restart.

export { type ApproveOptions, approveIncident } from './approve.js';
export { type AwaitVerdictOptions, awaitVerdict, type VerifyProgress } from './await-verdict.js';
export {
  actionsHash,
  canonicalJson,
  type ExpectedProposal,
  expectedFor,
  expectedOf,
  REPLACED,
  replacedBecause,
} from './binding.js';
export { type ProcessOwner, thisProcess } from './in-flight.js';
export { APPLY_STALL_MS, INTERRUPTED_APPLY, INTERRUPTED_APPROVAL, recoverInterrupted } from './interrupted.js';
export { type DecisionPreview, previewDecision } from './preview.js';
export { type RejectOptions, rejectIncident } from './reject.js';
export {
  BAD_REQUEST,
  MAX_REQUEST_CHARS,
  type RequestChangesOptions,
  requestChanges,
  revisionRefusal,
} from './revise.js';
export { type RollbackOptions, rollbackIncident } from './rollback.js';
export { createDecisionService, type DecisionService, resumeDecisions } from './service.js';
export type { ActionLine, DecideDeps, DecisionOutcome, DecisionResult } from './types.js';
export { VerificationRunner, type VerificationRunnerOptions } from './verifier.js';
export { verifyIncident } from './verify.js';
