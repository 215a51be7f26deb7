// The Bolt app in either mode, built by hand: the receiver (Socket Mode with our ping timeout, or HTTP on its own
// port at /slack/events) and an App that defers auth.test to init(), so a bad token is a startup error we word.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackCredentials } from './credentials.js';
import { register } from './listeners/index.js';
import type { SlackServices } from './service/index.js';
import { startupError } from './startup-error.js';

export const EVENTS_PATH = '/slack/events';
const SLACK_API = 'https://slack.com/api/';

export interface SlackAppOptions {
  credentials: SlackCredentials;
  slack: Config['slack'];
  logger: Logger;
  /** Built once the app's client exists (services read user groups through it). */
  services: (client: webApi.WebClient) => SlackServices;
  /** HTTP mode: the interface to listen on (all by default). */
  host?: string;
}

export interface SlackApp {
  app: App;
  /** The bot's Web API client: no retries of its own (the outbox retries), 429s rejected at once. */
  client: webApi.WebClient;
  /** HTTP mode: the port listened on, once started. */
  port?: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds and initialises (auth.test) the app; throws SLACK_ERROR with one sentence if Slack refuses the bot token. */
export async function createSlackApp(opts: SlackAppOptions): Promise<SlackApp> {
  const { credentials: creds, slack, logger } = opts;
  const apiUrl = slack.apiUrl ?? SLACK_API;
  const blogger = boltLogger(logger);
  const api = slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {};
  const receiver =
    creds.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: creds.appToken!,
          logger: blogger,
          clientPingTimeout: slack.pingTimeoutMs,
          installerOptions: { clientOptions: { ...api } },
        })
      : new HTTPReceiver({
          signingSecret: creds.signingSecret!,
          endpoints: EVENTS_PATH,
          logger: blogger,
          processBeforeResponse: false,
        });
  const app = new App({
    token: creds.botToken,
    receiver,
    logger: blogger,
    deferInitialization: true,
    clientOptions: { ...api, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 },
  });
  app.error(async (err) => {
    logger.error({ err }, 'Slack listener failed');
  });
  register(app, opts.services(app.client), logger, { command: slack.command });
  try {
    await app.init();
  } catch (err) {
    throw startupError(err, 'SLACK_BOT_TOKEN', apiUrl);
  }

  const handle: SlackApp = {
    app,
    client: app.client,
    async start() {
      try {
        if (creds.mode === 'socket') {
          await app.start();
        } else {
          const server = (await app.start(opts.host ? { port: slack.port, host: opts.host } : slack.port)) as Server;
          handle.port = (server.address() as AddressInfo).port;
        }
      } catch (err) {
        await app.stop().catch(() => undefined);
        throw startupError(err, creds.mode === 'socket' ? 'SLACK_APP_TOKEN' : 'the Slack HTTP receiver', apiUrl);
      }
      logger.info(
        { mode: creds.mode, ...(handle.port !== undefined ? { port: handle.port, path: EVENTS_PATH } : {}) },
        'Slack connected',
      );
    },
    async stop() {
      try {
        await app.stop();
      } catch (err) {
        logger.debug({ err }, 'stopping the Slack receiver');
      }
    },
  };
  return handle;
}
