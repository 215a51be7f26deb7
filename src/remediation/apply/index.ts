// Applying an approved proposal (after re-checking it is not stale), verifying the workload afterwards, and
// rolling it back from what was recorded.
export { type ApplyInput, applyProposal } from './apply.js';
export { MAX_KEPT_BYTES, sha256 } from './container-file.js';
export { deletePod } from './delete-pod.js';
export { memoryActionRecorder } from './memory-recorder.js';
export { fileKey, type RecheckFailure, type RecheckResult, recheck, recheckFailure } from './recheck.js';
export { type RollbackInput, rollbackProposal } from './rollback.js';
export { storeActionRecorder } from './store-recorder.js';
export type {
  ActionAfter,
  ActionBefore,
  ActionKind,
  ActionRecord,
  ActionRecorder,
  ActionResult,
  ActionStatus,
  ActionTarget,
  ApplyIncident,
  ApplyOutcome,
  PlannedState,
  RollbackOutcome,
  RollbackResult,
  RollbackStatus,
  VerifyOutcome,
} from './types.js';
export { type VerifyInput, type VerifyLook, verifyWorkload } from './verify.js';
