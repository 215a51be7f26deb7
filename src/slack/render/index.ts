// Block Kit rendering: pure functions from what the store holds to Slack messages, tested without Slack.
export { LIMITS, type Block, type SlackMessage } from './blocks.js';
export { breakFences, code, escapeMrkdwn, md, prose, proseWithMentions, raw, text, untrusted, wholeCodeBody, type Mrkdwn } from './escape.js';
export { renderIncident, incidentFallback, statusLine } from './incident.js';
export { renderProposal, proposalPreview, controls } from './proposal.js';
export { chunkBody, changeFacts, diffSections, type ChangeFacts, type DiffSection } from './diff.js';
export { listReply, notice, pauseReply, policyReply, refusal, scanReply, slackWording, statusReply, usage, type Reply } from './replies.js';
export { STATE_WORDS, actor } from './labels.js';
