// The planner's light entry: a proposal's schema, reading a stored one back, and the scope check. Commands that only read
// SQLite (clopus show, reject) import this instead of the planner's index, which loads the planners and the envelope.

export { checkPath, checkProposal, type ProposalScope } from './check.js';
export { GitOpsDelivery } from './delivery.js';
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
} from './schema.js';
export { loadLatestProposal, loadProposal, parseProposalRecord, type StoredProposal } from './stored.js';
