// Socket Mode with the real SocketModeReceiver: apps.connections.open, hello, envelopes acked at once, a refresh
// that reconnects, and bad tokens that fail startup with one sentence.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { startSlack } from '../../src/slack/index.js';
import { openStore } from '../../src/store/index.js';
import { buttonPayload, commandFields, type SlackFake, startSlackFake } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { refuseAll as decisions, MALLORY, type SlackHarness, slackEnv, startSlackHarness } from './harness.js';

let h: SlackHarness | undefined;
let fake: SlackFake | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

describe('Socket Mode', () => {
  it('opens a connection with the app token and acks a slash command envelope before answering it', async () => {
    h = await startSlackHarness({ mode: 'socket' });
    const fields = commandFields(h.fake, { text: 'status', userId: MALLORY });

    const sent = h.fake.sendEnvelope('slash_commands', fields);
    const ack = await sent.ack;

    expect(h.fake.callsTo('apps.connections.open')[0]).toMatchObject({ token: 'xapp-1-test-app-token', status: 200 });
    expect(ack.payload).toEqual({});
    await waitFor(() => h!.fake.responsesTo(fields.response_url!).length > 0);
    const [answer] = h.fake.responsesTo(fields.response_url!);
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Clopus status') });
  });

  it('acks an interactive envelope and answers the click', async () => {
    h = await startSlackHarness({ mode: 'socket' });
    const payload = buttonPayload(h.fake, { actionId: 'clopus_reject', value: '42:7', userId: MALLORY });

    await h.fake.sendEnvelope('interactive', payload).ack;

    await waitFor(() => h!.fake.responses.length > 0);
    const answer = h.fake.responses[0]!.body;
    expect(answer.text).toContain('Incident 42 does not exist');
  });

  it('reconnects when Slack asks for a refresh, and keeps acking', async () => {
    h = await startSlackHarness({ mode: 'socket' });

    h.fake.requestRefresh();
    await h.fake.waitForConnections(2);
    const ack = await h.fake.sendEnvelope('slash_commands', commandFields(h.fake, { text: 'help', userId: MALLORY }))
      .ack;

    expect(h.fake.connectionsOpened).toBe(2);
    expect(ack.payload).toEqual({});
  });

  it.each([
    [
      'a bot token Slack refuses',
      { SLACK_BOT_TOKEN: 'xoxb-revoked' },
      /^Slack refused SLACK_BOT_TOKEN \(invalid_auth\): set a valid token for this app and start again\.$/,
    ],
    [
      'an app token Slack refuses',
      { SLACK_APP_TOKEN: 'xapp-1-revoked' },
      /^Slack refused SLACK_APP_TOKEN \(invalid_auth\): set a valid token for this app and start again\.$/,
    ],
  ])('fails startup on %s with one sentence and exit code 2', async (_name, env, message) => {
    fake = await startSlackFake();
    const config = loadConfig(slackEnv(fake, 'socket'));
    const store = openStore(':memory:');

    const starting = startSlack({
      env: { ...slackEnv(fake, 'socket'), ...env },
      config,
      store,
      decisions,
      logger: silentLogger(),
    });

    await expect(starting).rejects.toMatchObject({
      code: 'SLACK_ERROR',
      exitCode: 2,
      message: expect.stringMatching(message),
    });
    expect(fake.openSockets()).toBe(0);
    store.close();
  });
});
