// A Slack fake that speaks the real wire protocols (Web API, response_url, Socket Mode, views, signed requests), for
// the tests and for the demo, which runs the bot's own Slack against it when no workspace is configured.
export { VIEW_LIMITS, viewProblems } from './block-kit.js';
export { SlackFake, startSlackFake } from './fake.js';
export {
  appHomeOpened,
  appMention,
  directMessage,
  eventBody,
  postEvent,
  submitView,
  viewSubmissionPayload,
} from './interactions.js';
export {
  buttonPayload,
  commandFields,
  formBody,
  interactionBody,
  postSigned,
  SIGNING_SECRET,
  signedHeaders,
  TEAM,
} from './requests.js';
export {
  APP_TOKEN,
  BOT_TOKEN,
  type Envelope,
  type FakeMessage,
  type Json,
  type JsonObject,
  type RecordedCall,
  type Scripted,
} from './types.js';
export { type FakeView, FakeViews, TRIGGER_TTL_MS } from './views-api.js';
