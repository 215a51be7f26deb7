// A modal submission Clopus has no listener for (a form an older or newer version opened), through Bolt's real
// receivers in both modes against the Slack fake: it is acked at once with a plain ack, which closes the modal
// instead of Slack telling the person the app did not respond, and logged; the known modals keep their own answers.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import type { FakeView } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { MALLORY, type SlackHarness, startSlackHarness, submitModal } from './harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A modal as Slack holds it while open: `callbackId` names whose it is; one optional text input. */
function openView(callbackId: string, privateMetadata = '{}'): FakeView {
  return {
    id: 'V0OLDFORM1',
    type: 'modal',
    hash: '1700000000.abcdef',
    userId: MALLORY,
    state: 'open',
    updates: 0,
    view: {
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      title: { type: 'plain_text', text: 'An old form' },
      submit: { type: 'plain_text', text: 'Send' },
      blocks: [
        {
          type: 'input',
          block_id: 'reason',
          optional: true,
          label: { type: 'plain_text', text: 'Why?' },
          element: { type: 'plain_text_input', action_id: 'reason' },
        },
      ],
    },
  };
}

function capture(): { logs: Array<Record<string, unknown>>; logger: Logger } {
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({ write: (line: Buffer, _e, done) => (logs.push(JSON.parse(line.toString())), done()) }),
  );
  return { logs, logger };
}

describe.each(['http', 'socket'] as const)('a modal Clopus does not know (%s mode)', (mode) => {
  it.each(['clopus_reject_v0', 'some_other_form', ''])(
    'acks a submission of %j, closing the modal, and logs it',
    async (callbackId) => {
      const { logs, logger } = capture();
      h = await startSlackHarness({ mode, logger });
      const view = openView(callbackId);

      const submitted = await submitModal(h, view, { reason: 'whatever' }, MALLORY);

      expect(submitted.status).toBe(200);
      expect(submitted.ack.response_action).toBeUndefined();
      expect(view.state).toBe('submitted');
      const logged = await waitFor(
        () => logs.find((l) => l.msg === 'acked a modal submission Clopus does not handle'),
        {
          what: 'the log line',
        },
      );
      expect(logged).toMatchObject({ level: 40, callbackId, userId: MALLORY });
      expect(h.fake.ephemerals).toEqual([]);
    },
  );

  it('leaves a known modal to its own listener, which keeps it open when it cannot read it', async () => {
    const { logs, logger } = capture();
    h = await startSlackHarness({ mode, logger });
    const view = openView('clopus_reject', 'not json');

    const submitted = await submitModal(h, view, { reason: 'whatever' }, MALLORY);

    expect(submitted.ack).toEqual({
      response_action: 'errors',
      errors: { reason: 'Clopus could not read this form. Close it and use the slash command instead.' },
    });
    expect(view.state).toBe('open');
    expect(logs.map((l) => l.msg)).not.toContain('acked a modal submission Clopus does not handle');
  });
});
