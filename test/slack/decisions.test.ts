// Buttons over signed HTTP requests, with the real decision service on the sandbox: only approvers decide (refusals
// audited), twenty clicks at once apply once, Approve and Reject at once end in one decision, and a click on a
// proposal that is no longer open only explains.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../src/fixer/index.js';
import { buttonPayload, interactionBody, postSigned } from '../fakes/slack.js';
import { proposedOom, type Proposed } from '../fixer/decide/setup.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, BOB, MALLORY, startSlackHarness, type SlackHarness } from './harness.js';

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

async function click(h: SlackHarness, actionId: string, value: string, userId: string): Promise<{ status: number; answer: () => Record<string, any> | undefined }> {
  const payload = buttonPayload(h.fake, { actionId, value, userId });
  const res = await postSigned(h.eventsUrl, interactionBody(payload));
  return { status: res.status, answer: () => h.fake.responsesTo(payload.response_url as string)[0] };
}

describe('decision buttons', () => {
  it('refuses someone who is not an approver, ephemerally, records the attempt and changes nothing', async () => {
    const { p, h } = await arrange();

    const res = await click(h, 'clopus_approve', `${p.incidentId}:${p.proposalId}`, MALLORY);
    await waitFor(() => res.answer());

    expect(res.status).toBe(200);
    expect(res.answer()).toEqual({ response_type: 'ephemeral', replace_original: false, text: `:no_entry_sign: You cannot approve incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.` });
    expect(p.h.store.auditTrail(p.incidentId).at(-1)).toMatchObject({ actor: 'slack:U0MALLORY', action: 'approve_refused', fromState: null, toState: null });
    expect(JSON.parse(p.h.store.auditTrail(p.incidentId).at(-1)!.detail!)).toEqual({ reason: 'you are not an approver for namespace shop', via: 'button', proposalId: p.proposalId });
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
    expect(p.patches()).toBe(0);
  });

  it('applies once when twenty approvers click at once, and tells the others who approved first', async () => {
    const { p, h } = await arrange();
    const value = `${p.incidentId}:${p.proposalId}`;

    const clicks = await Promise.all(Array.from({ length: 20 }, (_, i) => click(h, 'clopus_approve', value, i % 2 === 0 ? ALICE : BOB)));
    await waitFor(() => clicks.every((c) => c.answer()), { timeoutMs: 15_000 });

    expect(clicks.map((c) => c.status)).toEqual(Array(20).fill(200));
    expect(p.patches()).toBe(1);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const winner = p.h.store.listDecisions(p.proposalId)[0]!;
    const texts = clicks.map((c) => c.answer()!.text as string);
    expect(texts.filter((t) => t.startsWith(':white_check_mark: Approved by'))).toHaveLength(1);
    const losers = texts.filter((t) => !t.startsWith(':white_check_mark:'));
    expect(losers).toHaveLength(19);
    for (const t of losers) expect(t).toMatch(new RegExp(`^:information_source: Incident ${p.incidentId} was already approved by <@${winner.actor.slice(6)}> at ${winner.at} \\(via slack\\)`));
    expect(h.fake.callsTo('usergroups.users.list')).toHaveLength(1);
  });

  it('ends Approve and Reject clicked at once in one decision', async () => {
    const { p, h } = await arrange();
    const value = `${p.incidentId}:${p.proposalId}`;

    const [approve, reject] = await Promise.all([click(h, 'clopus_approve', value, ALICE), click(h, 'clopus_reject', value, BOB)]);
    await waitFor(() => approve.answer() && reject.answer(), { timeoutMs: 15_000 });

    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const decided = p.h.store.listDecisions(p.proposalId)[0]!.decision;
    expect(p.patches()).toBe(decided === 'approve' ? 1 : 0);
    const loser = decided === 'approve' ? reject : approve;
    expect(loser.answer()!.text).toMatch(/^:information_source: Incident \d+ was already (approved|rejected) by/);
  });

  it('explains, and does nothing, when the proposal was decided before or replaced', async () => {
    const { p, h } = await arrange();
    await createDecisionService(p.deps).reject(p.incidentId, 'cli:carol', 'cli', 'not now');

    const late = await click(h, 'clopus_approve', `${p.incidentId}:${p.proposalId}`, ALICE);
    const stale = await click(h, 'clopus_approve', `${p.incidentId}:${p.proposalId - 1 || 999}`, ALICE);
    await waitFor(() => late.answer() && stale.answer());

    expect(late.answer()!.text).toBe(`:information_source: Incident ${p.incidentId} was already rejected by cli:carol at ${p.h.store.listDecisions(p.proposalId)[0]!.at} (via cli) (not now); it is now rejected. Fix the workload by hand; the incident resolves when it recovers.`);
    expect(stale.answer()!.text).toMatch(/^Nothing was done: that button belongs to proposal \d+, which was replaced by proposal \d+\./);
    expect(p.patches()).toBe(0);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
  });
});
