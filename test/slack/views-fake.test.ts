// The Slack fake's views against the real WebClient: it refuses what Slack refuses (Block Kit's limits, a stale or
// reused trigger_id), so a modal or Home tab that passes here is one Slack would take.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, buttonPayload, type SlackFake, startSlackFake, viewSubmissionPayload } from '../fakes/slack.js';

const modal = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'modal',
  callback_id: 'clopus_revise',
  title: { type: 'plain_text', text: 'Request changes' },
  submit: { type: 'plain_text', text: 'Send' },
  blocks: [
    {
      type: 'input',
      block_id: 'request',
      label: { type: 'plain_text', text: 'What should change?' },
      element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 2000 },
    },
  ],
  ...over,
});

describe('the Slack fake: views', () => {
  let fake: SlackFake;
  let client: webApi.WebClient;
  beforeAll(async () => {
    fake = await startSlackFake();
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  const trigger = (): string => String(buttonPayload(fake, { actionId: 'x', value: '1', userId: 'U1' }).trigger_id);

  it('opens a modal once per trigger and builds its submission from the input', async () => {
    const t = trigger();
    const res = await client.views.open({ trigger_id: t, view: modal() as never });
    expect(res.ok).toBe(true);
    const view = fake.views.all.get(res.view!.id!)!;
    expect(view.userId).toBe('U1');
    const submitted = viewSubmissionPayload(view, { values: { text: 'use 256Mi' } });
    expect(submitted.view.state.values.request.text.value).toBe('use 256Mi');
    await expect(client.views.open({ trigger_id: t, view: modal() as never })).rejects.toThrow(/expired_trigger_id/);
    await expect(client.views.open({ trigger_id: 'nope', view: modal() as never })).rejects.toThrow(
      /invalid_trigger_id/,
    );
  });

  it('refuses a trigger older than three seconds', async () => {
    const t = trigger();
    const real = fake.views.now;
    fake.views.now = () => real() + 3500;
    try {
      await expect(client.views.open({ trigger_id: t, view: modal() as never })).rejects.toThrow(/expired_trigger_id/);
    } finally {
      fake.views.now = real;
    }
  });

  it("refuses views past Block Kit's limits, naming them", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ title: { type: 'plain_text', text: 'A title of twenty-five ch' } }, /title.text must be at most 24/],
      [{ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, /at most 100 blocks/],
      [
        {
          blocks: [
            {
              type: 'input',
              label: { type: 'plain_text', text: 'x'.repeat(2001) },
              element: { type: 'plain_text_input', action_id: 'a' },
            },
          ],
        },
        /label.text must be at most 2000/,
      ],
      [
        {
          blocks: [
            {
              type: 'input',
              label: { type: 'plain_text', text: 'Why' },
              element: { type: 'plain_text_input', action_id: 'a', max_length: 3001 },
            },
          ],
        },
        /max_length must be an integer from 0 to 3000/,
      ],
      [{ submit: undefined }, /submit is required/],
    ];
    for (const [over, problem] of cases) {
      const err = await client.views.open({ trigger_id: trigger(), view: modal(over) as never }).catch((e) => e);
      expect(err.data?.error).toBe('invalid_arguments');
      expect(err.data.response_metadata.messages.join('\n')).toMatch(problem);
    }
  });

  it("publishes and replaces a user's Home tab", async () => {
    const home = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Pending*' } }] };
    const first = await client.views.publish({ user_id: 'U2', view: home as never });
    const second = await client.views.publish({ user_id: 'U2', view: home as never });
    expect(second.view!.id).toBe(first.view!.id);
    expect(fake.views.homes.get('U2')!.updates).toBe(1);
    const tooMany = { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    await expect(client.views.publish({ user_id: 'U2', view: tooMany as never })).rejects.toThrow(/invalid_arguments/);
  });
});
