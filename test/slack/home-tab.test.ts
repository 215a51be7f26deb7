// The App Home tab through Bolt's real receivers against the Slack fake (which refuses any view past Block Kit's
// limits): the viewer's pending proposals with the thread's own buttons for an approver, none for anyone else, and a
// view that stays within 100 blocks however many incidents are open, saying how many it left out.
import { afterEach, describe, expect, it } from 'vitest';
import { actionsHash } from '../../src/remediation/decide/index.js';
import { buttonValue } from '../../src/slack/index.js';
import type { Store } from '../../src/store/index.js';
import { appHomeOpened, type FakeView, postEvent } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { newIncident } from '../store/fixtures.js';
import { ALICE, BOB, MALLORY, type SlackHarness, startSlackHarness } from './harness.js';
import { texts } from './views.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An incident with a pending proposal, as a diagnosis leaves it. */
function proposed(store: Store, name: string, rootCause = `The ${name} container runs out of memory.`) {
  const id = store.createIncident(newIncident({ workloadName: name }), 'detector').id;
  store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
  const { diagnosis } = store.startDiagnosis({ incidentId: id, attempt: 1, planner: 'runbook', model: null });
  const actions = [{ type: 'restart_pod' as const, reason: 'Start afresh', pod: `${name}-1` }];
  const done = store.concludeDiagnosis({
    diagnosisId: diagnosis.id,
    to: 'proposed',
    actor: 'fixer',
    finish: {
      status: 'proposed',
      usage: { model: null, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 1 },
    },
    proposal: {
      summary: { rootCause, confidence: 'high', risk: 'low' },
      actions,
      diff: `1. restart_pod shop/${name}-1\ndelete pod ${name}-1; its controller creates a new one\n`,
    },
  });
  const proposalId = store.listProposals(id).at(-1)!.id;
  expect(done).toBeTruthy();
  return { id, proposalId, value: buttonValue(id, proposalId, actionsHash(actions)) };
}

async function openHome(h: SlackHarness, user: string): Promise<FakeView> {
  const before = h.fake.views.homes.get(user)?.hash;
  await postEvent(h.fake, appHomeOpened({ user }), h.mode === 'http' ? { eventsUrl: h.eventsUrl } : {});
  return waitFor(
    () => {
      const home = h.fake.views.homes.get(user);
      return home && home.hash !== before ? home : undefined;
    },
    { what: `the Home tab of ${user}`, detail: () => h.fake.callsTo('views.publish').map((c) => c.error) },
  );
}

const buttonsOf = (view: FakeView): Array<{ action_id: string; value: string }> =>
  view.view.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);

describe.each(['http', 'socket'] as const)('the Home tab (%s mode)', (mode) => {
  it("lists the viewer's pending proposal, with the thread's buttons for approvers only", async () => {
    h = await startSlackHarness({ mode });
    const p = proposed(h.store, 'web');
    h.store.createIncident(newIncident({ workloadName: 'api', reason: 'OOMKilled' }), 'detector');

    const alice = await openHome(h, ALICE);
    const bob = await openHome(h, BOB);
    const mallory = await openHome(h, MALLORY);

    expect(texts(alice.view.blocks).join('\n')).toContain('The web container runs out of memory.');
    expect(texts(alice.view.blocks).join('\n')).toContain('Other open incidents');
    const expected = [
      { action_id: 'clopus_approve', value: p.value },
      { action_id: 'clopus_request_changes', value: p.value },
      { action_id: 'clopus_reject', value: p.value },
    ];
    expect(buttonsOf(alice)).toMatchObject(expected);
    // Bob approves through the on-call user group.
    expect(buttonsOf(bob)).toMatchObject(expected);
    expect(buttonsOf(mallory)).toEqual([]);
    expect(texts(mallory.view.blocks).join('\n')).toContain('The web container runs out of memory.');
    expect(texts(mallory.view.blocks).join('\n')).toContain('Waiting for an approver');
  });
});

describe('the Home tab', () => {
  it('stays within 100 blocks with 150 open incidents, and says how many more there are', async () => {
    h = await startSlackHarness({ mode: 'http' });
    for (let i = 0; i < 60; i++) proposed(h.store, `web${i}`);
    for (let i = 0; i < 90; i++) h.store.createIncident(newIncident({ workloadName: `api${i}` }), 'detector');

    const home = await openHome(h, ALICE);

    const blocks = home.view.blocks as any[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    const shown = buttonsOf(home).filter((b) => b.action_id === 'clopus_approve').length;
    expect(shown).toBeGreaterThan(10);
    const all = texts(blocks).join('\n');
    expect(all).toContain(`…and ${60 - shown} more incidents waiting for a decision; \`/clopus list\``);
    expect(all).toContain('…and 90 more open incidents');
    expect(all).toContain('*60* waiting for a decision');
    // Newest first: the last proposed incident leads.
    expect(all.indexOf('web59')).toBeLessThan(all.indexOf('web58'));
  });

  it('says so when nothing is open', async () => {
    h = await startSlackHarness({ mode: 'socket' });

    const home = await openHome(h, MALLORY);

    expect(texts(home.view.blocks).join('\n')).toContain('No open incidents.');
    expect(buttonsOf(home)).toEqual([]);
  });
});
