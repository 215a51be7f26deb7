// Buttons over signed HTTP requests, with the real decision service on the sandbox: only approvers decide (refusals
// audited), twenty clicks at once apply once, Approve and a Reject submitted at once end in one decision, a click on a
// proposal that is no longer open only explains, and a click decides on exactly the proposal it was shown with.
import { afterEach, describe, expect, it } from 'vitest';
import { actionsHash } from '../../src/remediation/decide/index.js';
import { createDecisionService } from '../../src/remediation/index.js';
import { buttonValue } from '../../src/slack/index.js';
import type { Store } from '../../src/store/index.js';
import { buttonPayload, commandFields, formBody, interactionBody, postSigned } from '../fakes/slack.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { waitFor } from '../helpers/wait.js';
import {
  ALICE,
  BOB,
  ephemeralsTo,
  MALLORY,
  openModal,
  type SlackHarness,
  startSlackHarness,
  submitModal,
} from './harness.js';

let p: Proposed | undefined;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  await p?.h.close();
  h = undefined;
  p = undefined;
});

async function arrange(): Promise<{ p: Proposed; h: SlackHarness }> {
  p = await proposedOom();
  h = await startSlackHarness({ mode: 'http', store: p.h.store, decisions: createDecisionService(p.deps) });
  return { p, h };
}

/** The value of the buttons shown with proposal `proposalId`, as the proposal message carries it. */
const shownWith = (store: Store, incidentId: number, proposalId: number): string =>
  buttonValue(incidentId, proposalId, actionsHash(store.getProposal(proposalId)!.actions));

async function click(
  h: SlackHarness,
  actionId: string,
  value: string,
  userId: string,
): Promise<{ status: number; answer: () => Record<string, any> | undefined }> {
  const payload = buttonPayload(h.fake, { actionId, value, userId });
  const res = await postSigned(h.eventsUrl, interactionBody(payload));
  return { status: res.status, answer: () => h.fake.responsesTo(payload.response_url as string)[0] };
}

describe('decision buttons', () => {
  it('refuses someone who is not an approver, ephemerally, records the attempt and changes nothing', async () => {
    const { p, h } = await arrange();

    const res = await click(h, 'clopus_approve', shownWith(p.h.store, p.incidentId, p.proposalId), MALLORY);
    await waitFor(() => res.answer());

    expect(res.status).toBe(200);
    expect(res.answer()).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: `:no_entry_sign: You cannot approve incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.`,
    });
    expect(p.h.store.auditTrail(p.incidentId).at(-1)).toMatchObject({
      actor: 'slack:U0MALLORY',
      action: 'approve_refused',
      fromState: null,
      toState: null,
    });
    expect(JSON.parse(p.h.store.auditTrail(p.incidentId).at(-1)!.detail!)).toEqual({
      reason: 'you are not an approver for namespace shop',
      via: 'button',
      proposalId: p.proposalId,
    });
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
    expect(p.patches()).toBe(0);
  });

  it('applies once when twenty approvers click at once, and tells the others who approved first', async () => {
    const { p, h } = await arrange();
    const value = shownWith(p.h.store, p.incidentId, p.proposalId);

    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => click(h, 'clopus_approve', value, i % 2 === 0 ? ALICE : BOB)),
    );
    await waitFor(() => clicks.every((c) => c.answer()), { timeoutMs: 15_000 });

    expect(clicks.map((c) => c.status)).toEqual(Array(20).fill(200));
    expect(p.patches()).toBe(1);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const winner = p.h.store.listDecisions(p.proposalId)[0]!;
    const texts = clicks.map((c) => c.answer()!.text as string);
    expect(texts.filter((t) => t.startsWith(':white_check_mark: Approved by'))).toHaveLength(1);
    const losers = texts.filter((t) => !t.startsWith(':white_check_mark:'));
    expect(losers).toHaveLength(19);
    for (const t of losers)
      expect(t).toMatch(
        new RegExp(
          `^:information_source: Incident ${p.incidentId} was already approved by <@${winner.actor.slice(6)}> at ${winner.at} \\(via slack\\)`,
        ),
      );
    expect(h.fake.callsTo('usergroups.users.list')).toHaveLength(1);
  });

  it('ends Approve and a Reject submitted at once in one decision', async () => {
    const { p, h } = await arrange();
    const value = shownWith(p.h.store, p.incidentId, p.proposalId);
    const { view } = await openModal(h, { actionId: 'clopus_reject', value, userId: BOB });

    const [approve] = await Promise.all([
      click(h, 'clopus_approve', value, ALICE),
      submitModal(h, view, { reason: 'not now' }),
    ]);
    await waitFor(() => approve.answer() && ephemeralsTo(h, BOB)[0], { timeoutMs: 15_000 });

    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const decided = p.h.store.listDecisions(p.proposalId)[0]!.decision;
    expect(p.patches()).toBe(decided === 'approve' ? 1 : 0);
    const loser = decided === 'approve' ? ephemeralsTo(h, BOB)[0]! : approve.answer()!;
    expect(loser.text).toMatch(/^:information_source: Incident \d+ was already (approved|rejected) by/);
  });

  it('explains, and does nothing, when the proposal was decided before', async () => {
    const { p, h } = await arrange();
    await createDecisionService(p.deps).reject(p.incidentId, 'cli:carol', 'cli', 'not now');

    const late = await click(h, 'clopus_approve', shownWith(p.h.store, p.incidentId, p.proposalId), ALICE);
    await waitFor(() => late.answer());

    expect(late.answer()!.text).toBe(
      `:information_source: Incident ${p.incidentId} was already rejected by cli:carol at ${p.h.store.listDecisions(p.proposalId)[0]!.at} (via cli) (not now); it is now rejected. Fix the workload by hand; the incident resolves when it recovers.`,
    );
    expect(p.patches()).toBe(0);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
  });
});

describe('a decision binds to the proposal the person saw', () => {
  /** A second proposal for the same incident (a re-diagnosis): proposal 1 is superseded, the incident stays proposed. */
  function replace(p: Proposed): number {
    const first = p.h.store.getProposal(p.proposalId)!;
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'cache', resources: { limits: { memory: '4Gi' } } }] } } },
    };
    return p.h.store.saveProposal({
      incidentId: p.incidentId,
      diagnosisId: null,
      summary: first.summary,
      actions: [{ type: 'patch_workload', reason: 'Raise the memory limit a lot', patch }],
      diff: '1. patch_workload Deployment shop/cache\n+ memory: 4Gi\n',
    }).id;
  }

  it.each(['clopus_approve', 'clopus_reject', 'clopus_request_changes'])(
    'never decides on proposal 2 when %s of proposal 1 is clicked after proposal 2 replaced it, and says so',
    async (actionId) => {
      const { p, h } = await arrange();
      const seen = shownWith(p.h.store, p.incidentId, p.proposalId);
      const second = replace(p);

      const stale = await click(h, actionId, seen, ALICE);
      await waitFor(() => stale.answer());

      expect(stale.answer()!.text).toContain('a newer proposal replaced the one you saw');
      expect(stale.answer()!.text).toContain(
        `you saw proposal ${p.proposalId}; incident ${p.incidentId}'s proposal is now ${second}`,
      );
      expect(p.patches()).toBe(0);
      expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
      expect(p.h.store.getProposal(second)?.status).toBe('pending');
      expect([...p.h.store.listDecisions(p.proposalId), ...p.h.store.listDecisions(second)]).toEqual([]);
      expect(h.fake.views.modals()).toEqual([]);
    },
  );

  it('refuses a button whose hash does not match the stored actions, and one that carries no hash', async () => {
    const { p, h } = await arrange();

    const forged = await click(h, 'clopus_approve', `${p.incidentId}:${p.proposalId}:${'0'.repeat(16)}`, ALICE);
    const legacy = await click(h, 'clopus_approve', `${p.incidentId}:${p.proposalId}`, ALICE);
    await waitFor(() => forged.answer() && legacy.answer());

    expect(forged.answer()!.text).toBe(
      `:warning: Not approved: a newer proposal replaced the one you saw (the actions of proposal ${p.proposalId} are not the ones you were shown). Nothing was changed; review it again and decide on what it says now. Review it with: /clopus show ${p.incidentId}; then /clopus approve ${p.incidentId} or /clopus reject ${p.incidentId}`,
    );
    expect(legacy.answer()!.text).toBe(
      `Nothing was done: that button does not say which version of the proposal you saw. Use the buttons of the proposal in the thread, or /clopus approve ${p.incidentId}.`,
    );
    expect(p.patches()).toBe(0);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
    expect(p.h.store.listDecisions(p.proposalId)).toEqual([]);
  });

  it('answers /clopus approve ID with the proposal and buttons bound to it, applies nothing, and a click on them applies it', async () => {
    const { p, h } = await arrange();
    const command = async (text: string, userId: string) => {
      const fields = commandFields(h.fake, { text, userId });
      await postSigned(h.eventsUrl, formBody(fields));
      return (await waitFor(() => h.fake.responsesTo(fields.response_url!)[0] as Record<string, any> | undefined))!;
    };

    const shown = await command(`approve ${p.incidentId}`, ALICE);
    const refused = await command(`approve ${p.incidentId}`, MALLORY);
    const before = { patches: p.patches(), state: p.h.store.getIncident(p.incidentId)?.state };
    const buttons = (shown.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
    const approve = buttons.find((b: any) => b.action_id === 'clopus_approve');
    const clicked = await click(h, 'clopus_approve', approve.value, ALICE);
    await waitFor(() => clicked.answer(), { timeoutMs: 15_000 });
    const again = await command(`approve ${p.incidentId}`, ALICE);

    expect(shown.response_type).toBe('ephemeral');
    expect(shown.text).toMatch(new RegExp(`^\\[Clopus #${p.incidentId}\\] Proposed fix #${p.proposalId}`));
    expect(JSON.stringify(shown.blocks)).toContain(`*1. \`patch_workload\`* Deployment shop/cache`);
    expect(approve.value).toBe(shownWith(p.h.store, p.incidentId, p.proposalId));
    expect(buttons.map((b: any) => b.action_id)).toEqual(['clopus_approve', 'clopus_request_changes', 'clopus_reject']);
    expect(refused.text).toBe(
      `:no_entry_sign: You cannot approve incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.`,
    );
    expect(before).toEqual({ patches: 0, state: 'proposed' });
    expect(clicked.answer()!.text).toMatch(
      /^:white_check_mark: Approved by <@U0ALICE> and applied to deployment\/cache in namespace shop/,
    );
    expect(p.patches()).toBe(1);
    expect(again.text).toMatch(
      new RegExp(
        `^:information_source: Incident ${p.incidentId} was already approved by <@U0ALICE> at \\S+ \\(via slack\\)`,
      ),
    );
    expect(again.blocks).toBeUndefined();
  });

  it('answers /clopus approve ID on a replaced proposal with the newest one', async () => {
    const { p, h } = await arrange();
    const second = replace(p);
    const fields = commandFields(h.fake, { text: `approve ${p.incidentId}`, userId: BOB });

    await postSigned(h.eventsUrl, formBody(fields));
    const shown = (await waitFor(
      () => h.fake.responsesTo(fields.response_url!)[0] as Record<string, any> | undefined,
    ))!;

    const approve = (shown.blocks as any[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((b: any) => b.action_id === 'clopus_approve');
    expect(approve.value).toBe(shownWith(p.h.store, p.incidentId, second));
    expect(JSON.stringify(shown.blocks)).toContain('Raise the memory limit a lot');
    expect(p.patches()).toBe(0);
  });
});
