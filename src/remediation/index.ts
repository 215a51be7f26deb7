// Remediation: deciding on a proposal (approve, reject, auto-approve), applying it, verifying it and rolling it back.
// Other modules import only what is exported here.
export { VerificationRunner } from './decide/verifier.js';
export { createDecisionService, resumeDecisions, type DecisionService } from './decide/service.js';
export { recoverInterrupted } from './decide/interrupted.js';
export type { DecideDeps, DecisionResult } from './decide/types.js';
export { expectedFor, actionsHash, type ExpectedProposal } from './decide/binding.js';
export { lastReason } from './decide/describe.js';
export { previewDecision } from './decide/preview.js';
export { pidAlive } from './decide/in-flight.js';
export { rejectIncident } from './decide/reject.js';
