// Decisions on proposals (approve, reject, rollback) and what follows them: apply, verify, and recovery after a restart.
export { createDecisionService, resumeDecisions, type DecisionService } from './service.js';
export { approveIncident, type ApproveOptions } from './approve.js';
export { rejectIncident, type RejectOptions } from './reject.js';
export { REPLACED, actionsHash, canonicalJson, expectedFor, expectedOf, replacedBecause, type ExpectedProposal } from './binding.js';
export { previewDecision, type DecisionPreview } from './preview.js';
export { rollbackIncident, type RollbackOptions } from './rollback.js';
export { verifyIncident } from './verify.js';
export { awaitVerdict, type AwaitVerdictOptions, type VerifyProgress } from './await-verdict.js';
export { VerificationRunner, type VerificationRunnerOptions } from './verifier.js';
export { APPLY_STALL_MS, INTERRUPTED_APPLY, INTERRUPTED_APPROVAL, recoverInterrupted } from './interrupted.js';
export { thisProcess, type ProcessOwner } from './in-flight.js';
export type { ActionLine, DecideDeps, DecisionOutcome, DecisionResult } from './types.js';
