// HTTP mode with the real HTTPReceiver: only signed, fresh requests are accepted; slash commands and clicks are
// acked at once and answered through response_url.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonPayload, commandFields, formBody, interactionBody, postSigned } from '../fakes/slack.js';
import { stillFalse, waitFor } from '../helpers/wait.js';
import { MALLORY, type SlackHarness, startSlackHarness } from './harness.js';

/** Slack waits this long for an ack before it tells the user the app did not respond. */
const SLACK_ACK_MS = 3000;

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('HTTP mode', () => {
  it('acks a signed slash command with 200 and answers through response_url', async () => {
    h = await startSlackHarness({ mode: 'http' });
    const fields = commandFields(h.fake, { text: 'help', userId: MALLORY });

    const res = await postSigned(h.eventsUrl, formBody(fields));

    expect(res.status).toBe(200);
    await waitFor(() => h!.fake.responsesTo(fields.response_url!).length > 0);
    const [answer] = h.fake.responsesTo(fields.response_url!);
    expect(answer).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/clopus scan [namespace…]'),
    });
  });

  it.each([
    ['a bad signature', { secret: 'not-the-signing-secret0000' }],
    ['a timestamp older than five minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('refuses %s with 401 and runs nothing', async (_name, sign) => {
    h = await startSlackHarness({ mode: 'http' });
    const fields = commandFields(h.fake, { text: 'help', userId: MALLORY });

    const res = await postSigned(h.eventsUrl, formBody(fields), sign);
    await stillFalse(() => h!.fake.responses.length > 0, 200, { what: 'an answer to the refused request' });

    expect(res.status).toBe(401);
    expect(h.fake.responses).toEqual([]);
  });

  it('acks a button click on an unknown incident and explains', async () => {
    h = await startSlackHarness({ mode: 'http' });
    const payload = buttonPayload(h.fake, { actionId: 'clopus_approve', value: '999:1', userId: MALLORY });

    const res = await postSigned(h.eventsUrl, interactionBody(payload));

    expect(res.status).toBe(200);
    await waitFor(() => h!.fake.responses.length > 0);
    const answer = h.fake.responses[0]!.body;
    expect(answer).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringContaining('Incident 999 does not exist'),
    });
  });

  it.each(['clopus_approve_v0', 'some_other_button', 'clopus_approve2'])(
    'acks a click on a button it does not know (%s) at once, logs it and explains',
    async (actionId) => {
      const logs: Array<Record<string, unknown>> = [];
      const logger = pino(
        { level: 'warn' },
        new Writable({ write: (line: Buffer, _e, done) => (logs.push(JSON.parse(line.toString())), done()) }),
      );
      h = await startSlackHarness({ mode: 'http', logger });
      const payload = buttonPayload(h.fake, { actionId, value: '1:1:0123456789abcdef', userId: MALLORY });

      const res = await postSigned(h.eventsUrl, interactionBody(payload));

      expect(res.status).toBe(200);
      // Within Slack's own limit for an ack: a listener that never acks is answered 404 only at that limit.
      expect(res.ms).toBeLessThan(SLACK_ACK_MS);
      await waitFor(() => h!.fake.responses.length > 0);
      expect(h.fake.responses[0]!.body).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringContaining('This button is not one this version of Clopus knows, so nothing was done'),
      });
      expect(logs).toContainEqual(
        expect.objectContaining({ msg: 'acked a Slack action Clopus does not handle', actionId, userId: MALLORY }),
      );
    },
  );

  it('leaves a known button to its own listener, answered once', async () => {
    h = await startSlackHarness({ mode: 'http' });
    const payload = buttonPayload(h.fake, {
      actionId: 'clopus_reject',
      value: '999:1:0123456789abcdef',
      userId: MALLORY,
    });

    const res = await postSigned(h.eventsUrl, interactionBody(payload));
    await waitFor(() => h!.fake.responses.length > 0);
    await stillFalse(() => h!.fake.responses.length > 1, 200, { what: 'a second answer' });

    expect(res.status).toBe(200);
    expect(h.fake.responses).toHaveLength(1);
    expect(h.fake.responses[0]!.body.text).not.toContain('not one this version of Clopus knows');
  });
});
