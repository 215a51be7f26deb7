// Slack: the Bolt app (Socket Mode or HTTP), Block Kit rendering (pure), button and /clopus listeners, and an
// outbox that delivers every post and update once, in order, paced and retried.
export { startSlack, type RunningSlack, type StartSlackOptions } from './start.js';
export { createSlackApp, EVENTS_PATH, type SlackApp, type SlackAppOptions } from './app.js';
export { slackCredentials, type SlackCredentials, type SlackMode } from './credentials.js';
export { createSlackServices, slackActor, type DecisionRequest, type ServiceDeps, type SlackServices } from './service/index.js';
export { parseCommand, type Command, type ParsedCommand } from './commands/parse.js';
export { SlackNotifier } from './outbox/notifier.js';
export { OutboxSender } from './outbox/sender.js';
export { ChangeFollower, CURSOR_KEY } from './outbox/follower.js';
export { loadIncidentView, type IncidentView, type ProposalView } from './view.js';
export { channelFor } from './routing.js';
export { ACTION, buttonValue, incidentTarget, proposalTarget } from './ids.js';
export * as render from './render/index.js';
