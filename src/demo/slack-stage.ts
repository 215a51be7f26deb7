// The demo's Slack when no workspace is configured: the sandbox's wire-faithful Slack fake, with the app's own Slack
// (Bolt's HTTP receiver and WebClient, the outbox) pointed at it, and one demo approver who reviews in it. With real
// Slack tokens in the environment none of this starts: the demo posts to the workspace as before.
import { randomBytes } from 'node:crypto';
import { BOT_TOKEN, type SlackFake, startSlackFake } from '../sandbox/index.js';

/** The demo's scripted reviewer: a Slack user ID, an approver in the demo's policy only. */
export const REVIEWER = 'U0REVIEWER';
export const REVIEWER_NAME = 'demo-reviewer';
/** The fake's channel for incident messages (an ID, as Slack answers with one). */
export const DEMO_CHANNEL = 'C0DEMOOPS';

const SLACK_SECRETS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/** No Slack secret is set: the demo brings its own Slack. */
export const wantsSlackFake = (env: Record<string, string | undefined>): boolean =>
  SLACK_SECRETS.every((k) => !env[k]?.trim());

export interface SlackStage {
  fake: SlackFake;
  /** Made for this run, so only the demo's reviewer can sign a request the app's receiver accepts. */
  signingSecret: string;
  channel: string;
  /** What the app's environment gains: the fake's URL and tokens, HTTP mode on a free port, the demo approver. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSlackStage(): Promise<SlackStage> {
  const fake = await startSlackFake();
  const signingSecret = randomBytes(24).toString('hex');
  return {
    fake,
    signingSecret,
    channel: DEMO_CHANNEL,
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: '',
      CLOPUS_SLACK_MODE: 'http',
      CLOPUS_SLACK_API_URL: fake.apiUrl,
      CLOPUS_SLACK_CHANNEL: DEMO_CHANNEL,
      CLOPUS_SLACK_PORT: '0',
      // The fake has no rate limit to respect, and the demo's story should not wait on a pacing made for Slack's.
      CLOPUS_SLACK_MIN_INTERVAL_MS: '20',
      CLOPUS_SLACK_RETRY_BASE_MS: '200',
      CLOPUS_SLACK_SYNC_INTERVAL_MS: '200',
      // Approvers the developer configured are people in a real workspace; in the fake only the demo's reviewer clicks.
      CLOPUS_APPROVERS: REVIEWER,
    },
    stop: () => fake.close(),
  };
}
