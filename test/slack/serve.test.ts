// `clopus serve` with Slack credentials that do not work: one sentence and an exit code, before anything is watched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../cli/run.js';
import { type SlackFake, startSlackFake } from '../fakes/slack.js';
import { slackEnv } from './harness.js';

let sandbox: Sandbox;
let fake: SlackFake;
let dir: string;
let kubeconfig: string;

beforeEach(async () => {
  sandbox = await startSandbox();
  fake = await startSlackFake();
  dir = mkdtempSync(join(tmpdir(), 'clopus-slack-serve-'));
  kubeconfig = join(dir, 'kubeconfig');
  sandbox.writeKubeconfig(kubeconfig);
});

afterEach(async () => {
  await fake.close();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('clopus serve with bad Slack settings', () => {
  it.each([
    [
      'a revoked bot token',
      'socket',
      { SLACK_BOT_TOKEN: 'xoxb-revoked' },
      2,
      'clopus: Slack refused SLACK_BOT_TOKEN (invalid_auth): set a valid token for this app and start again.',
    ],
    [
      'a revoked app token',
      'socket',
      { SLACK_APP_TOKEN: 'xapp-1-revoked' },
      2,
      'clopus: Slack refused SLACK_APP_TOKEN (invalid_auth): set a valid token for this app and start again.',
    ],
    [
      'a user token',
      'http',
      { SLACK_BOT_TOKEN: 'xoxp-123' },
      2,
      'clopus: slack: SLACK_BOT_TOKEN does not look like a bot token; it starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).',
    ],
    [
      'no channel',
      'http',
      { CLOPUS_SLACK_CHANNEL: '' },
      2,
      'clopus: slack: set slack.channel (CLOPUS_SLACK_CHANNEL) to the channel ID incident messages go to.',
    ],
  ] as const)('exits on %s with one sentence', async (_name, mode, env, code, message) => {
    const run = await runCli(['serve', '--kubeconfig', kubeconfig], {
      env: { ...slackEnv(fake, mode), CLOPUS_DB_PATH: join(dir, 'clopus.db'), ...env },
    });

    expect(run.code).toBe(code);
    expect(run.stderr.trim()).toBe(message);
  });

  it('says when Slack cannot be reached', async () => {
    await fake.close();
    const env = { ...slackEnv(fake, 'http'), CLOPUS_DB_PATH: join(dir, 'clopus.db') };

    const run = await runCli(['serve', '--kubeconfig', kubeconfig], { env });
    fake = await startSlackFake();

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^clopus: Clopus cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ \(.+\); check the network or CLOPUS_SLACK_API_URL\.$/,
    );
  });
});
