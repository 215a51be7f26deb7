// Remediation's light entry: what a decision on a proposal needs before it touches the cluster — the binding to the
// proposal a person saw, a preview of the decision, and a rejection. `clopus reject` and `approve`'s preview import this
// instead of the remediation index, which loads the apply and verify machinery and the Kubernetes client's callers.
export { REPLACED, actionsHash, canonicalJson, expectedFor, expectedOf, replacedBecause, type ExpectedProposal } from './decide/binding.js';
export { previewDecision, type DecisionPreview } from './decide/preview.js';
export { rejectIncident, type RejectOptions } from './decide/reject.js';
