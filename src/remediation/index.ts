// Remediation: deciding on a proposal (approve, reject, auto-approve), applying it, verifying it and rolling it back.
// Other modules import only what is exported here.

export { lastReason } from './decide/describe.js';
export { pidAlive } from './decide/in-flight.js';
export { recoverInterrupted } from './decide/interrupted.js';
export { createDecisionService, type DecisionService, resumeDecisions } from './decide/service.js';
export type { DecideDeps, DecisionOutcome, DecisionResult, GitOpsDeps } from './decide/types.js';
export { VerificationRunner } from './decide/verifier.js';
export { type TrackOptions, type TrackSummary, trackPullRequests } from './pull-request/track.js';
export {
  actionsHash,
  type ExpectedProposal,
  expectedFor,
  MAX_REQUEST_CHARS,
  previewDecision,
  type RequestChangesOptions,
  rejectIncident,
  requestChanges,
  revisionRefusal,
} from './verdicts.js';
