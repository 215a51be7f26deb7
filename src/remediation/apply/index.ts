// Applying an approved proposal (after re-checking it is not stale), verifying the workload afterwards, and
// rolling it back from what was recorded.
export { applyProposal, type ApplyInput } from './apply.js';
export { verifyWorkload, type VerifyInput, type VerifyLook } from './verify.js';
export { rollbackProposal, type RollbackInput } from './rollback.js';
export { memoryActionRecorder } from './memory-recorder.js';
export { storeActionRecorder } from './store-recorder.js';
export { recheck, recheckFailure, type RecheckFailure, type RecheckResult } from './recheck.js';
export { deletePod } from './delete-pod.js';
export { fileKey } from './recheck.js';
export { sha256, MAX_KEPT_BYTES } from './container-file.js';
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
