// Reject with a reason, through Bolt's real receivers in both modes against the Slack fake, with the real decision
// service on the sandbox: the button opens a modal for an approver, its submission rejects exactly the proposal the
// button was shown with, and the reason lands on the decision, in the audit trail and in the incident's messages.
// The submission is checked again: a modal alone is never trusted.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../src/remediation/index.js';
import type { FakeMessage } from '../fakes/slack.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { waitFor } from '../helpers/wait.js';
import {
  ALICE,
  BOB,
  CHANNEL,
  clickButton,
  ephemeralsTo,
  MALLORY,
  openModal,
  type SlackHarness,
  startSlackHarness,
  submitModal,
} from './harness.js';
import { texts } from './views.js';

let p: Proposed | undefined;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  await p?.h.close();
  h = undefined;
  p = undefined;
});

const buttons = (m: FakeMessage | undefined): Array<Record<string, any>> =>
  (m?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const shown = (m: FakeMessage | undefined): string => texts(m?.blocks ?? []).join('\n');

/** The proposal's message in the incident's thread, and the incident's own message. */
function messages(h: SlackHarness): { main: FakeMessage | undefined; proposal: FakeMessage | undefined } {
  const main = h.fake.topLevel(CHANNEL)[0];
  return { main, proposal: main ? h.fake.thread(main.ts)[0] : undefined };
}

async function arrange(mode: 'http' | 'socket'): Promise<{ p: Proposed; h: SlackHarness; value: string }> {
  p = await proposedOom();
  h = await startSlackHarness({ mode, store: p.h.store, decisions: createDecisionService(p.deps) });
  const value = (await waitFor(
    () => buttons(messages(h!).proposal).find((b) => b.action_id === 'clopus_reject')?.value,
    { what: 'the proposal posted with its Reject button' },
  )) as string;
  return { p, h, value };
}

/** Waits until the proposal's message lost its buttons (it was decided) and returns both messages. */
const decided = (h: SlackHarness) =>
  waitFor(
    () => {
      const m = messages(h);
      return m.proposal && buttons(m.proposal).length === 0 && /rejected$/.test(m.main?.text ?? '') && m;
    },
    { what: 'the messages to show the rejection' },
  );

describe.each(['http', 'socket'] as const)('Reject with a reason (%s)', (mode) => {
  it('opens a modal, rejects with the reason typed, and shows it in the thread and the incident message', async () => {
    const { p, h, value } = await arrange(mode);

    const { view } = await openModal(h, { actionId: 'clopus_reject', value, userId: BOB });
    await submitModal(h, view, { reason: 'check the database first' });
    const told = await waitFor(() => ephemeralsTo(h, BOB)[0], { what: 'the answer to the submission' });
    const { main, proposal } = await decided(h);

    expect(view.view).toMatchObject({
      type: 'modal',
      callback_id: 'clopus_reject',
      title: { text: 'Reject proposal' },
      submit: { text: 'Reject' },
    });
    expect(view.view.blocks.find((b: any) => b.type === 'input')).toMatchObject({
      block_id: 'reason',
      optional: true,
      label: { text: 'Why? (optional — shown in the thread and on the dashboard)' },
      element: { type: 'plain_text_input', action_id: 'reason', max_length: 500 },
    });
    expect(told.text).toBe(
      `:white_check_mark: Rejected by <@${BOB}> (check the database first): nothing will be applied to deployment/cache in namespace shop.`,
    );
    expect(told.channel).toBe(CHANNEL);
    expect(p.h.store.listDecisions(p.proposalId)).toMatchObject([
      { decision: 'reject', actor: `slack:${BOB}`, via: 'slack', detail: 'check the database first' },
    ]);
    const audit = p.h.store.auditTrail(p.incidentId).find((a) => a.toState === 'rejected')!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ proposalId: p.proposalId, reason: 'check the database first' });
    expect(shown(main)).toContain(`*rejected* (rejected by <@${BOB}>): check the database first`);
    expect(shown(proposal)).toMatch(
      new RegExp(`rejected by <@${BOB}> at <!date\\^\\d+\\^[^>]+>: check the database first`),
    );
    expect(p.patches()).toBe(0);
  });

  it('rejects without a reason when none is given', async () => {
    const { p, h, value } = await arrange(mode);

    const { view } = await openModal(h, { actionId: 'clopus_reject', value, userId: ALICE });
    const submitted = await submitModal(h, view, {});
    await decided(h);

    expect(submitted.ack.response_action).toBeUndefined();
    expect(p.h.store.listDecisions(p.proposalId)).toMatchObject([{ decision: 'reject', detail: null }]);
    expect(ephemeralsTo(h, ALICE)[0]!.text).toBe(
      `:white_check_mark: Rejected by <@${ALICE}>: nothing will be applied to deployment/cache in namespace shop.`,
    );
  });

  it('opens no modal for someone who is not an approver, and refuses a submission by one', async () => {
    const { p, h, value } = await arrange(mode);

    const click = await clickButton(h, { actionId: 'clopus_reject', value, userId: MALLORY });
    await waitFor(() => click.answer());
    const modalsAfterClick = h.fake.views.modals().length;
    // A modal an approver opened, submitted by someone else: the submission is checked on its own.
    const { view } = await openModal(h, { actionId: 'clopus_reject', value, userId: ALICE });
    await submitModal(h, view, { reason: 'mine now' }, MALLORY);
    const refused = await waitFor(() => ephemeralsTo(h, MALLORY)[0]);

    const sentence = `:no_entry_sign: You cannot reject incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.`;
    expect(click.answer()!.text).toBe(sentence);
    expect(modalsAfterClick).toBe(0);
    expect(refused.text).toBe(sentence);
    expect(p.h.store.auditTrail(p.incidentId).filter((a) => a.action === 'reject_refused')).toHaveLength(2);
    expect(p.h.store.listDecisions(p.proposalId)).toEqual([]);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
  });

  it('stores a reason redacted and shows it escaped', async () => {
    const { p, h, value } = await arrange(mode);

    const { view } = await openModal(h, { actionId: 'clopus_reject', value, userId: ALICE });
    await submitModal(h, view, { reason: '<!channel> the password=hunter2 is wrong' });
    const { main } = await decided(h);

    const detail = p.h.store.listDecisions(p.proposalId)[0]!.detail!;
    expect(detail).not.toContain('hunter2');
    expect(detail).toContain('<!channel>');
    expect(shown(main)).toContain('&lt;!channel&gt; the password=');
    const sent = JSON.stringify([
      ...h.fake.callsTo('chat.postMessage'),
      ...h.fake.callsTo('chat.update'),
      ...h.fake.callsTo('chat.postEphemeral'),
    ]);
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('hunter2');
  });
});
