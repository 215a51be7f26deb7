// Slack under test: the real Bolt receivers and WebClient against the Slack fake, over a store on a temp file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Logger, silentLogger } from '../../src/logger.js';
import type { DecisionService } from '../../src/remediation/index.js';
import { type RunningSlack, type StartSlackOptions, startSlack } from '../../src/slack/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  buttonPayload,
  type FakeView,
  interactionBody,
  postSigned,
  SIGNING_SECRET,
  type SlackFake,
  startSlackFake,
  submitView,
} from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';

export const CHANNEL = 'C0OPS';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const MALLORY = 'U0MALLORY';
export const ONCALL = 'S0ONCALL';

/** Short pacing and retries keep tests fast; the logic is the one of the defaults. */
export function slackEnv(
  fake: SlackFake,
  mode: 'http' | 'socket',
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    CLOPUS_SLACK_API_URL: fake.apiUrl,
    CLOPUS_SLACK_CHANNEL: CHANNEL,
    CLOPUS_SLACK_PORT: '0',
    CLOPUS_DASHBOARD_PORT: '0',
    CLOPUS_SLACK_MIN_INTERVAL_MS: '20',
    CLOPUS_SLACK_RETRY_BASE_MS: '100',
    CLOPUS_SLACK_SYNC_INTERVAL_MS: '50',
    CLOPUS_SLACK_PING_TIMEOUT_MS: '500',
    CLOPUS_APPROVERS: `${ALICE},${ONCALL}`,
    CLOPUS_LOG_LEVEL: 'silent',
    ...extra,
  };
}

export interface SlackHarness {
  mode: 'http' | 'socket';
  fake: SlackFake;
  store: Store;
  config: Config;
  slack: RunningSlack;
  /** HTTP mode: the events URL. */
  eventsUrl: string;
  dbPath: string;
  /** Stops Slack (keeping the fake and the store), e.g. to restart it. */
  stopSlack(): Promise<void>;
  restartSlack(env?: Record<string, string>): Promise<RunningSlack>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'http' | 'socket';
  env?: Record<string, string>;
  configFile?: string;
  store?: Store;
  dbPath?: string;
  fake?: SlackFake;
  /** The decision service; a stub that refuses everything when omitted. */
  decisions?: Decisions;
  extra?: Partial<StartSlackOptions>;
  logger?: Logger;
}

export type Decisions = Pick<DecisionService, 'approve' | 'reject' | 'rollback' | 'requestChanges'>;

export const refuseAll: Decisions = {
  approve: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
  reject: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
  rollback: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
  requestChanges: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
};

export async function startSlackHarness(opts: HarnessOptions = {}): Promise<SlackHarness> {
  const mode = opts.mode ?? 'http';
  const fake = opts.fake ?? (await startSlackFake());
  fake.usergroups.set(ONCALL, [BOB]);
  const dir = mkdtempSync(join(tmpdir(), 'clopus-slack-'));
  const dbPath = opts.dbPath ?? join(dir, 'clopus.db');
  const store = opts.store ?? openStore(dbPath);
  let env = {
    ...slackEnv(fake, mode, opts.env),
    CLOPUS_DB_PATH: dbPath,
    ...(opts.configFile ? { CLOPUS_CONFIG: opts.configFile } : {}),
  };
  let config = loadConfig(env);
  const start = async (): Promise<RunningSlack> => {
    const running = await startSlack({
      env,
      config,
      store,
      decisions: opts.decisions ?? refuseAll,
      logger: opts.logger ?? silentLogger(),
      host: '127.0.0.1',
      ...opts.extra,
    });
    if (!running) throw new Error('Slack did not start');
    return running;
  };
  let slack: RunningSlack | undefined = await start();
  let stopped = false;
  const h: SlackHarness = {
    mode,
    fake,
    store,
    config,
    dbPath,
    get slack() {
      return slack!;
    },
    get eventsUrl() {
      return `http://127.0.0.1:${slack!.app.port}/slack/events`;
    },
    async stopSlack() {
      if (!stopped) await slack?.stop();
      stopped = true;
    },
    async restartSlack(extraEnv = {}) {
      await h.stopSlack();
      env = { ...env, ...extraEnv };
      config = loadConfig(env);
      h.config = config;
      slack = await start();
      stopped = false;
      return slack;
    },
    async close() {
      await h.stopSlack();
      if (!opts.store) store.close();
      if (!opts.fake) await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A config file in a fresh temporary directory. */
export function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clopus-slack-config-')), 'clopus.yaml');
  writeFileSync(file, text);
  return file;
}

/** A button click delivered the harness's way (signed HTTP or a Socket Mode envelope); `answer` is its first reply. */
export async function clickButton(
  h: SlackHarness,
  o: { actionId: string; value: string; userId: string },
): Promise<{ payload: Record<string, unknown>; answer: () => Record<string, any> | undefined }> {
  const payload = buttonPayload(h.fake, o);
  if (h.mode === 'http') {
    const res = await postSigned(h.eventsUrl, interactionBody(payload));
    if (res.status !== 200) throw new Error(`the click was answered ${res.status}`);
  } else {
    await h.fake.sendEnvelope('interactive', payload).ack;
  }
  return { payload, answer: () => h.fake.responsesTo(payload.response_url as string)[0] };
}

/** Clicks a button that opens a modal and waits for the modal Slack opened (the one after the `before` first). */
export async function openModal(
  h: SlackHarness,
  o: { actionId: string; value: string; userId: string },
): Promise<{ view: FakeView; answer: () => Record<string, any> | undefined }> {
  const before = h.fake.views.modals().length;
  const click = await clickButton(h, o);
  const view = await waitFor(() => h.fake.views.modals()[before], {
    what: `a modal opened by ${o.actionId}`,
    detail: () => click.answer(),
  });
  return { view, answer: click.answer };
}

/** Submits an open modal the harness's way; answers with the app's ack. */
export function submitModal(
  h: SlackHarness,
  view: FakeView,
  values: Record<string, string>,
  userId?: string,
): Promise<{ status: number; ack: Record<string, any> }> {
  return submitView(h.fake, view, {
    values,
    ...(userId ? { userId } : {}),
    ...(h.mode === 'http' ? { eventsUrl: h.eventsUrl } : {}),
  });
}

/** The ephemeral answers Clopus showed `userId` (a modal's outcome goes there: submissions have no response_url). */
export const ephemeralsTo = (h: SlackHarness, userId: string): Array<Record<string, any>> =>
  h.fake.ephemerals.filter((e) => e.user === userId);
