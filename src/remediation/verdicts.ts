// Remediation's light entry: what a decision on a proposal needs before it touches the cluster — the binding to the
// proposal a person saw, a preview of the decision, a rejection and a request for changes. `clopus reject`, `clopus
// revise` and `approve`'s preview import this instead of the remediation index, which loads the apply and verify
// machinery and the Kubernetes client's callers.
export {
  actionsHash,
  canonicalJson,
  type ExpectedProposal,
  expectedFor,
  expectedOf,
  REPLACED,
  replacedBecause,
} from './decide/binding.js';
export { type DecisionPreview, previewDecision } from './decide/preview.js';
export { type RejectOptions, rejectIncident } from './decide/reject.js';
export { MAX_REQUEST_CHARS, type RequestChangesOptions, requestChanges, revisionRefusal } from './decide/revise.js';
