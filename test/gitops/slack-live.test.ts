// "Live patch now + PR" from Slack, through Bolt's real HTTP receiver and the Slack fake. With self-heal off the
// proposal in the thread offers it beside Open PR and Reject, with the live patch's diff; an approver's click patches
// the Deployment at once (before any merge), opens the PR on the GitHub fake, and the incident is applied, then
// verified, with the thread linking the PR beside the live patch. With self-heal on there is no such button, and a
// forged click on it is refused with nothing changed.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService, VerificationRunner } from '../../src/remediation/index.js';
import { buttonPayload, type FakeMessage, interactionBody, postSigned } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, CHANNEL, type SlackHarness, startSlackHarness } from '../slack/harness.js';
import { REPO, type Stage, stage, TOKEN } from './stage.js';

let s: Stage | undefined;
let slack: SlackHarness | undefined;
let verifier: VerificationRunner | undefined;
afterEach(async () => {
  await verifier?.stop();
  await slack?.close();
  await s?.stop();
  s = slack = verifier = undefined;
});

const buttons = (m: FakeMessage | undefined): Array<{ action_id: string; value: string; text: { text: string } }> =>
  (m?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** The stage, its incident diagnosed, and Slack showing the incident and its proposal with buttons. */
async function proposed(selfHeal: boolean) {
  s = await stage({ selfHeal });
  const st = s;
  const incident = await st.oomIncident();
  expect(await st.diagnose(incident.id)).toMatchObject({ outcome: 'proposed' });
  verifier = new VerificationRunner(st.deps, { onResult: (id) => slack?.slack.sync(id) });
  slack = await startSlackHarness({
    mode: 'http',
    store: st.h.store,
    decisions: createDecisionService(st.deps, { verifier }),
  });
  const { fake } = slack;
  slack.slack.sync(incident.id, { post: true });
  await waitFor(() => buttons(fake.thread(fake.topLevel(CHANNEL)[0]!.ts)[0]).length > 0, {
    what: 'the incident and its proposal with buttons in Slack',
    timeoutMs: 15_000,
  });
  const main = fake.topLevel(CHANNEL)[0]!;
  return { st, incident, fake, main, proposal: fake.thread(main.ts)[0]!, h: slack };
}

const LIVE_SECTION =
  /Live patch now \+ PR \(applied only if chosen; self-heal is off[^`]*-\s+memory: 64Mi\\n\+\s+memory: 128Mi/;

describe('"Live patch now + PR" in Slack', () => {
  it('with self-heal off, patches live at once, opens the PR and links it, and the incident is verified', async () => {
    const { st, incident, fake, main, proposal, h } = await proposed(false);
    // Before anyone decides: four buttons, and the live patch's own dry-run diff under its heading.
    expect(buttons(proposal).map((b) => [b.action_id, b.text.text])).toEqual([
      ['clopus_approve', 'Open PR'],
      ['clopus_approve_live', 'Live patch now + PR'],
      ['clopus_request_changes', 'Request changes'],
      ['clopus_reject', 'Reject'],
    ]);
    expect(JSON.stringify(proposal.blocks)).toMatch(LIVE_SECTION);
    expect(st.limit()).toBe('64Mi');

    const live = buttons(proposal).find((b) => b.action_id === 'clopus_approve_live')!;
    const click = buttonPayload(fake, {
      actionId: 'clopus_approve_live',
      value: live.value,
      userId: ALICE,
      messageTs: proposal.ts,
    });
    expect((await postSigned(h.eventsUrl, interactionBody(click))).status).toBe(200);
    const reply = await waitFor(() => fake.responsesTo(click.response_url as string)[0], {
      what: 'the reply to the click',
      timeoutMs: 20_000,
    });
    const url = st.forge.github.htmlUrl(REPO, 1);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toBe(
      `:white_check_mark: Approved by <@${ALICE}> and patched live on deployment/api in namespace shop (patched deployment/api) and opened pull request #1 (${url}) so that the fix survives the next sync.`,
    );
    // Live at once, before any merge: the cluster has the new limit while the synced branch still has the old one.
    expect(st.limit()).toBe('128Mi');
    expect(st.forge.github.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, state: 'open' })]);
    expect(await st.forge.git.readFile(`${REPO}.git`, 'main', 'apps/api/deployment.yaml')).toContain('memory: 64Mi');
    expect(
      await st.forge.git.readFile(`${REPO}.git`, `clopus/incident-${incident.id}`, 'apps/api/deployment.yaml'),
    ).toContain('memory: 128Mi');
    expect(['applied', 'verified']).toContain(st.h.store.getIncident(incident.id)?.state);

    // The verifier watches the live patch; the incident message and the thread say so, and the thread links the PR.
    await waitFor(() => st.h.store.getIncident(incident.id)?.state === 'verified', {
      what: 'the incident verified',
      timeoutMs: 15_000,
    });
    await waitFor(
      () => fake.topLevel(CHANNEL)[0]?.text.endsWith('deployment/api (namespace shop, cluster default): verified'),
      { what: 'the incident message saying verified', timeoutMs: 15_000 },
    );
    expect(JSON.stringify(fake.topLevel(CHANNEL)[0]!.blocks)).toContain(
      `:large_green_circle: *verified* (approved by <@${ALICE}>)`,
    );
    const linked = `<${url}|pull request #1> open (beside the live patch) · proposal applied; incident verified`;
    const decided = await waitFor(
      () => JSON.stringify(fake.thread(main.ts)[0]?.blocks).includes(linked) && fake.thread(main.ts)[0],
      { what: 'the proposal message linking the PR beside the live patch', timeoutMs: 15_000 },
    );
    expect(buttons(decided)).toEqual([]);
    // Applied on the live patch, then verified: the PR is followed beside it without moving the incident.
    expect(st.h.store.auditTrail(incident.id).map((a) => `${a.actor} ${a.action}`)).toEqual(
      expect.arrayContaining([`slack:${ALICE} applied`, 'fixer verified']),
    );
    expect(st.h.store.auditTrail(incident.id).at(-1)).toMatchObject({ action: 'verified' });
    expect(fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(st.limit()).toBe('128Mi');
    expect(st.forge.github.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, state: 'open' })]);
    expect(st.forge.github.violations).toEqual([]);
    const sent = JSON.stringify([
      ...fake.callsTo('chat.postMessage'),
      ...fake.callsTo('chat.update'),
      ...fake.responses,
    ]);
    expect(sent).not.toContain(TOKEN);
  }, 40_000);

  it('with self-heal on, shows no live button and refuses a forged click on one, changing nothing', async () => {
    const { st, incident, fake, main, proposal, h } = await proposed(true);
    expect(buttons(proposal).map((b) => b.action_id)).toEqual([
      'clopus_approve',
      'clopus_request_changes',
      'clopus_reject',
    ]);
    expect(JSON.stringify(proposal.blocks)).not.toContain('Live patch now + PR');

    // A hand-made click on the button that is not there, carrying the proposal's own value.
    const forged = buttonPayload(fake, {
      actionId: 'clopus_approve_live',
      value: buttons(proposal)[0]!.value,
      userId: ALICE,
      messageTs: proposal.ts,
    });
    expect((await postSigned(h.eventsUrl, interactionBody(forged))).status).toBe(200);
    const no = await waitFor(() => fake.responsesTo(forged.response_url as string)[0], {
      what: 'the refusal',
      timeoutMs: 20_000,
    });
    expect(no.text).toMatch(/^:warning: Not approved: a live patch is not offered for proposal \d+: /);
    expect(no.text).toContain('self-heal on: a live patch would be reverted at the next sync');
    expect(st.limit()).toBe('64Mi');
    expect(st.forge.github.pulls(REPO)).toEqual([]);
    expect(await st.forge.git.branchExists(`${REPO}.git`, `clopus/incident-${incident.id}`)).toBe(false);
    expect(st.h.store.getIncident(incident.id)?.state).toBe('proposed');
    // The proposal is still open to a real decision in the thread.
    expect(buttons(fake.thread(main.ts)[0]).map((b) => b.action_id)).toEqual([
      'clopus_approve',
      'clopus_request_changes',
      'clopus_reject',
    ]);
  }, 40_000);
});
