// Deciding from the App Home tab, through Bolt's real receivers in both modes against the Slack fake, with the real
// decision service on the sandbox. A click in the Home tab comes from a view, not a message: it has no channel, no
// message and no response_url. Its answer goes to the person's DM with the app, and their Home is published again
// so the proposal just decided no longer waits there; modals opened from the Home tab answer the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../src/remediation/index.js';
import {
  appHomeOpened,
  type FakeMessage,
  type FakeView,
  interactionBody,
  postEvent,
  postSigned,
} from '../fakes/slack.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, BOB, type SlackHarness, startSlackHarness, submitModal } from './harness.js';
import { texts } from './views.js';

let p: Proposed | undefined;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  await p?.h.close();
  h = undefined;
  p = undefined;
});

async function arrange(mode: 'http' | 'socket'): Promise<{ p: Proposed; h: SlackHarness }> {
  p = await proposedOom();
  h = await startSlackHarness({ mode, store: p.h.store, decisions: createDecisionService(p.deps) });
  return { p, h };
}

/** Waits for `user`'s Home tab to be published anew (a hash other than the one it had before `act`). */
async function homeAfter(h: SlackHarness, user: string, act: () => Promise<unknown>): Promise<FakeView> {
  const before = h.fake.views.homes.get(user)?.hash;
  await act();
  return waitFor(
    () => {
      const home = h.fake.views.homes.get(user);
      return home && home.hash !== before ? home : undefined;
    },
    { what: `the Home tab of ${user} published again`, detail: () => h.fake.callsTo('views.publish').at(-1) },
  );
}

const openHome = (h: SlackHarness, user: string): Promise<FakeView> =>
  homeAfter(h, user, () =>
    postEvent(h.fake, appHomeOpened({ user }), h.mode === 'http' ? { eventsUrl: h.eventsUrl } : {}),
  );

const buttonsOf = (home: FakeView): Array<{ action_id: string; value: string; block_id?: string }> =>
  home.view.blocks
    .filter((b: any) => b.type === 'actions')
    .flatMap((b: any) => b.elements.map((e: any) => ({ ...e, block_id: b.block_id })));

/** A click on a button of `home` as Slack sends it from the Home tab: the view is the container. */
function homeClick(h: SlackHarness, home: FakeView, actionId: string): Record<string, unknown> {
  const button = buttonsOf(home).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`the Home tab of ${home.userId} has no ${actionId} button`);
  return {
    type: 'block_actions',
    user: { id: home.userId, username: home.userId.toLowerCase(), name: home.userId.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: home.id },
    trigger_id: h.fake.views.issueTrigger(home.userId),
    team: { id: 'T0FAKE', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: home.id,
      team_id: 'T0FAKE',
      type: 'home',
      blocks: home.view.blocks,
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: home.hash,
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: home.id,
      app_id: 'A0FAKE',
      external_id: '',
      app_installed_team_id: 'T0FAKE',
      bot_id: 'B0CLOPUS',
    },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: button.block_id,
        value: button.value,
        text: { type: 'plain_text', text: actionId, emoji: true },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

async function click(h: SlackHarness, payload: Record<string, unknown>): Promise<void> {
  if (h.mode === 'http') {
    const res = await postSigned(h.eventsUrl, interactionBody(payload));
    if (res.status !== 200) throw new Error(`the click was answered ${res.status}`);
  } else {
    await h.fake.sendEnvelope('interactive', payload).ack;
  }
}

/** What the bot said to `user` in their DM with the app (a user ID as the channel is that DM). */
const dmTo = (h: SlackHarness, user: string): FakeMessage[] =>
  h.fake.messages.filter((m) => (m.channel === user || m.channel === `D${user.slice(1)}`) && m.user === undefined);

const waitForDm = (h: SlackHarness, user: string): Promise<FakeMessage> =>
  waitFor(() => dmTo(h, user)[0], { what: `a DM to ${user}`, detail: () => h.fake.callsTo('chat.postMessage').at(-1) });

describe.each(['http', 'socket'] as const)('deciding in the Home tab (%s mode)', (mode) => {
  it('answers an Approve by DM and publishes the Home again without the proposal waiting', async () => {
    const { p, h } = await arrange(mode);
    const home = await openHome(h, ALICE);

    const after = await homeAfter(h, ALICE, () => click(h, homeClick(h, home, 'clopus_approve')));
    const dm = await waitForDm(h, ALICE);

    expect(dm.text).toMatch(
      /^:white_check_mark: Approved by <@U0ALICE> and applied to deployment\/cache in namespace shop/,
    );
    expect(p.patches()).toBe(1);
    expect(p.h.store.getIncident(p.incidentId)?.state).not.toBe('proposed');
    expect(buttonsOf(after)).toEqual([]);
    const shown = texts(after.view.blocks).join('\n');
    expect(shown).toContain('*0* waiting for a decision');
    expect(shown).not.toContain('Waiting for a decision');
    // Nothing was said in a channel on the click's behalf: the only answer is the DM.
    expect(h.fake.ephemerals).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  });

  it('tells a second approver with a stale Home who decided first, by DM, and refreshes their Home', async () => {
    const { p, h } = await arrange(mode);
    const alice = await openHome(h, ALICE);
    const bob = await openHome(h, BOB);
    await homeAfter(h, ALICE, () => click(h, homeClick(h, alice, 'clopus_approve')));
    await waitForDm(h, ALICE);

    const after = await homeAfter(h, BOB, () => click(h, homeClick(h, bob, 'clopus_approve')));
    const dm = await waitForDm(h, BOB);

    expect(dm.text).toMatch(
      new RegExp(
        `^:information_source: Incident ${p.incidentId} was already approved by <@U0ALICE> at \\S+ \\(via slack\\)`,
      ),
    );
    expect(p.patches()).toBe(1);
    expect(buttonsOf(after)).toEqual([]);
  });

  it('rejects through the modal opened from the Home tab, answers by DM and refreshes the Home', async () => {
    const { p, h } = await arrange(mode);
    const home = await openHome(h, BOB);
    await click(h, homeClick(h, home, 'clopus_reject'));
    const modal = await waitFor(() => h.fake.views.modals()[0], { what: 'the Reject modal' });

    const after = await homeAfter(h, BOB, () => submitModal(h, modal, { reason: 'check the database first' }, BOB));
    const dm = await waitForDm(h, BOB);

    expect(dm.text).toBe(
      `:white_check_mark: Rejected by <@${BOB}> (check the database first): nothing will be applied to deployment/cache in namespace shop.`,
    );
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('rejected');
    expect(buttonsOf(after)).toEqual([]);
    expect(h.fake.ephemerals).toEqual([]);
    expect(p.patches()).toBe(0);
  });

  it('requests changes through the modal opened from the Home tab, answers by DM and refreshes the Home', async () => {
    const { p, h } = await arrange(mode);
    const home = await openHome(h, ALICE);
    await click(h, homeClick(h, home, 'clopus_request_changes'));
    const modal = await waitFor(() => h.fake.views.modals()[0], { what: 'the Request changes modal' });

    const after = await homeAfter(h, ALICE, () => submitModal(h, modal, { request: 'use 256Mi' }, ALICE));
    const dm = await waitForDm(h, ALICE);

    expect(dm.text).toMatch(/^:white_check_mark: Changes requested by <@U0ALICE> \(revision 1 of 3\)/);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('revising');
    expect(buttonsOf(after)).toEqual([]);
    expect(texts(after.view.blocks).join('\n')).toContain('*0* waiting for a decision');
  });
});
