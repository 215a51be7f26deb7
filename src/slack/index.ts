// Slack: the Bolt app (Socket Mode or HTTP), Block Kit rendering (pure), button and /clopus listeners, and an
// outbox that delivers every post and update once, in order, paced and retried.

export { createSlackApp, EVENTS_PATH, type SlackApp, type SlackAppOptions } from './app.js';
export { type Command, type ParsedCommand, parseCommand } from './commands/parse.js';
export { type SlackCredentials, type SlackMode, slackCredentials } from './credentials.js';
export { ACTION, buttonValue, incidentTarget, proposalTarget } from './ids.js';
export { ChangeFollower, CURSOR_KEY } from './outbox/follower.js';
export { SlackNotifier } from './outbox/notifier.js';
export { OutboxSender } from './outbox/sender.js';
export * as render from './render/index.js';
export { channelFor } from './routing.js';
export {
  createSlackServices,
  type DecisionRequest,
  type ServiceDeps,
  type SlackServices,
  slackActor,
} from './service/index.js';
export { type RunningSlack, type StartSlackOptions, startSlack } from './start.js';
export { type IncidentView, loadIncidentView, type ProposalView } from './view.js';
