// Block Kit rendering: pure functions from what the store holds to Slack messages, tested without Slack.
export { type Block, LIMITS, type SlackMessage } from './blocks.js';
export { type ChangeFacts, changeFacts, chunkBody, type DiffSection, diffSections } from './diff.js';
export {
  breakFences,
  code,
  escapeMrkdwn,
  type Mrkdwn,
  md,
  prose,
  proseWithMentions,
  raw,
  text,
  untrusted,
  wholeCodeBody,
} from './escape.js';
export { incidentFallback, renderIncident, statusLine } from './incident.js';
export { actor, STATE_WORDS } from './labels.js';
export { decisionModal, type ModalView } from './modals.js';
export { controls, proposalPreview, renderProposal } from './proposal.js';
export {
  listReply,
  modalFailed,
  notice,
  pauseReply,
  policyReply,
  type Reply,
  refusal,
  scanReply,
  slackWording,
  statusReply,
  usage,
} from './replies.js';
