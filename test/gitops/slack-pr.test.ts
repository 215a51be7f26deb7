// Approve from Slack on a GitOps-managed workload: a non-approver's click is refused; an approver clicks Approve on the proposal (a signed request to
// Bolt's real HTTP receiver, from the Slack fake), the decision service opens the PR on the GitHub fake, and what the
// person sees in Slack links it: the reply to the click, and the incident message updated to "pull request open".
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../src/remediation/index.js';
import { buttonPayload, type FakeMessage, interactionBody, postSigned } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, CHANNEL, MALLORY, type SlackHarness, startSlackHarness } from '../slack/harness.js';
import { REPO, type Stage, stage, TOKEN } from './stage.js';

let s: Stage | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.close();
  await s?.stop();
  s = slack = undefined;
});

const buttons = (m: FakeMessage | undefined): Array<{ action_id: string; value: string }> =>
  (m?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('Approve in Slack on a GitOps-managed workload', () => {
  it('opens the pull request and links it in the reply and in the incident message', async () => {
    s = await stage();
    const st = s;
    const incident = await st.oomIncident();
    expect(await st.diagnose(incident.id)).toMatchObject({ outcome: 'proposed' });
    slack = await startSlackHarness({
      mode: 'http',
      store: st.h.store,
      decisions: createDecisionService(st.deps),
    });
    const { fake } = slack;
    slack.slack.sync(incident.id, { post: true });
    await waitFor(() => buttons(fake.thread(fake.topLevel(CHANNEL)[0]!.ts)[0]).length > 0, {
      what: 'the incident and its proposal with buttons in Slack',
      timeoutMs: 15_000,
    });
    const main = fake.topLevel(CHANNEL)[0]!;
    const proposal = fake.thread(main.ts)[0]!;
    // The proposal says the fix is a pull request, before anyone decides.
    expect(JSON.stringify(proposal.blocks)).toContain('a pull request to the manifests repository');
    const approve = buttons(proposal).find((b) => b.action_id === 'clopus_approve')!;

    // Someone without the approver role is refused, and no PR is opened.
    const refused = buttonPayload(fake, {
      actionId: 'clopus_approve',
      value: approve.value,
      userId: MALLORY,
      messageTs: proposal.ts,
    });
    await postSigned(slack.eventsUrl, interactionBody(refused));
    const no = await waitFor(() => fake.responsesTo(refused.response_url as string)[0], { what: 'the refusal' });
    expect(no.text).toContain('you are not an approver for namespace shop');
    expect(st.forge.github.pulls(REPO)).toEqual([]);

    const click = buttonPayload(fake, {
      actionId: 'clopus_approve',
      value: approve.value,
      userId: ALICE,
      messageTs: proposal.ts,
    });
    const res = await postSigned(slack.eventsUrl, interactionBody(click));
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.responsesTo(click.response_url as string)[0], {
      what: 'the reply to the click',
      timeoutMs: 20_000,
    });

    const url = st.forge.github.htmlUrl(REPO, 1);
    expect(st.forge.github.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, state: 'open' })]);
    expect(st.h.store.getIncident(incident.id)?.state).toBe('pr_open');
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toBe(
      `:white_check_mark: Approved by <@${ALICE}>: opened pull request #1 against main of ${st.forge.url(REPO)}: ${url}`,
    );

    // The incident message in the channel is updated in place: its status line links the PR.
    const status = `:twisted_rightwards_arrows: *pull request open* (approved by <@${ALICE}>): <${url}|pull request #1>. Merge it to deliver the fix; Clopus follows it to the cluster.`;
    const updated = await waitFor(
      () =>
        fake
          .callsTo('chat.update', { okOnly: true })
          .find((c) => c.params.ts === main.ts && JSON.stringify(c.params.blocks).includes(JSON.stringify(status))),
      { what: 'the incident message updated with the PR link', timeoutMs: 15_000 },
    );
    expect(updated.params.channel).toBe(main.channel);
    expect(fake.topLevel(CHANNEL)).toHaveLength(1);
    expect(fake.topLevel(CHANNEL)[0]!.text).toBe(
      `[Clopus #${incident.id}] OOMKilled in deployment/api (namespace shop, cluster default): pull request open`,
    );
    // The proposal's buttons are gone: nobody can approve it a second time from the thread.
    const decided = await waitFor(() => buttons(fake.thread(main.ts)[0]).length === 0 && fake.thread(main.ts)[0], {
      what: 'the proposal message without buttons',
      timeoutMs: 15_000,
    });
    expect(JSON.stringify(decided.blocks)).toContain(`approved by <@${ALICE}>`);
    // The PR's link is in the thread for everyone, not only in Alice's own reply.
    const linked = `<${st.forge.github.htmlUrl(REPO, 1)}|pull request #1> open`;
    await waitFor(() => JSON.stringify(fake.thread(main.ts)[0]?.blocks).includes(linked), {
      what: 'the proposal message in the thread linking the PR',
      timeoutMs: 15_000,
    });
    expect(st.forge.github.violations).toEqual([]);
    const sent = JSON.stringify([
      ...fake.callsTo('chat.postMessage'),
      ...fake.callsTo('chat.update'),
      ...fake.responses,
    ]);
    expect(sent).not.toContain(TOKEN);
  }, 60_000);
});
