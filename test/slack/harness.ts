// Slack under test: the real Bolt receivers and WebClient against the Slack fake, over a store on a temp file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Logger, silentLogger } from '../../src/logger.js';
import type { DecisionService } from '../../src/remediation/index.js';
import { type RunningSlack, type StartSlackOptions, startSlack } from '../../src/slack/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, type SlackFake, startSlackFake } from '../fakes/slack.js';

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
  decisions?: Pick<DecisionService, 'approve' | 'reject' | 'rollback'>;
  extra?: Partial<StartSlackOptions>;
  logger?: Logger;
}

const refuseAll: Pick<DecisionService, 'approve' | 'reject' | 'rollback'> = {
  approve: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
  reject: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
  rollback: async (incidentId) => ({ ok: false, outcome: 'refused', incidentId, message: 'stub' }),
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
