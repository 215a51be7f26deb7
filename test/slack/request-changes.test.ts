// "Request changes" in Slack, through Bolt's real receivers in both modes against the Slack fake, with the real
// decision service on the sandbox: the button opens a modal only for an approver, its submission supersedes the
// proposal (the incident is revising, the old buttons are gone, the request is quoted), and the revised proposal
// the diagnoser answers with is posted in the thread with whose request it answers and what it changed.
// `/clopus revise ID TEXT` does the same without a modal.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { createDecisionService } from '../../src/remediation/index.js';
import { diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import {
  buttonPayload,
  commandFields,
  type FakeMessage,
  formBody,
  interactionBody,
  postSigned,
} from '../fakes/slack.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { fixerConfig } from '../fixer/diagnoser/setup.js';
import { stillFalse, waitFor } from '../helpers/wait.js';
import {
  ALICE,
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

async function arrange(mode: 'http' | 'socket'): Promise<{ p: Proposed; h: SlackHarness; value: string }> {
  p = await proposedOom();
  h = await startSlackHarness({ mode, store: p.h.store, decisions: createDecisionService(p.deps) });
  const value = (await waitFor(() => button(proposalMessage(h!, p!.proposalId), 'clopus_request_changes')?.value, {
    what: 'the proposal posted with its Request changes button',
  })) as string;
  return { p, h, value };
}

/** The first message of proposal `id` in the incident's thread, as Slack shows it now. */
function proposalMessage(h: SlackHarness, id: number): FakeMessage | undefined {
  const main = h.fake.topLevel(CHANNEL)[0];
  if (!main) return undefined;
  return h.fake
    .thread(main.ts)
    .find((m) => new RegExp(`^\\[Clopus #\\d+\\] (Proposed|Revised) fix #${id}\\b`).test(m.text));
}

const buttons = (m: FakeMessage | undefined): Array<Record<string, any>> =>
  (m?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const button = (m: FakeMessage | undefined, actionId: string) => buttons(m).find((b) => b.action_id === actionId);
const shown = (m: FakeMessage | undefined): string => texts(m?.blocks ?? []).join('\n');

describe.each(['http', 'socket'] as const)('Request changes (%s)', (mode) => {
  it('opens a modal for an approver, supersedes the proposal on submit, and posts the revised one with what changed', async () => {
    const { p, h, value } = await arrange(mode);

    const { view } = await openModal(h, { actionId: 'clopus_request_changes', value, userId: ALICE });
    const submitted = await submitModal(h, view, { request: 'use 256Mi' });
    await waitFor(() => ephemeralsTo(h, ALICE)[0], { what: 'the answer to the submission' });

    // The modal as Slack accepted it (the fake refuses views past Block Kit's limits).
    expect(view.view).toMatchObject({
      type: 'modal',
      callback_id: 'clopus_revise',
      title: { text: 'Request changes' },
      submit: { text: 'Send' },
      close: { text: 'Cancel' },
    });
    const input = view.view.blocks.find((b: any) => b.type === 'input');
    expect(input).toMatchObject({
      block_id: 'request',
      label: { text: 'What should change?' },
      element: { type: 'plain_text_input', action_id: 'request', multiline: true, max_length: 2000 },
    });
    expect(JSON.parse(view.view.private_metadata)).toMatchObject({
      incidentId: p.incidentId,
      proposalId: p.proposalId,
    });
    expect(submitted.ack.response_action).toBeUndefined();
    expect(ephemeralsTo(h, ALICE)[0]!.text).toBe(
      `:white_check_mark: Changes requested by <@${ALICE}> (revision 1 of 3): a revised proposal is being prepared; proposal ${p.proposalId} will not be applied.`,
    );
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('revising');
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('superseded');
    expect(p.h.store.revisionsOf(p.incidentId)).toMatchObject([
      { number: 1, proposalId: p.proposalId, requestedBy: `slack:${ALICE}`, request: 'use 256Mi', via: 'slack' },
    ]);
    expect(p.h.store.auditTrail(p.incidentId).filter((a) => a.action === 'request_changes')).toHaveLength(1);
    const old = await waitFor(
      () => {
        const m = proposalMessage(h, p.proposalId);
        return m && buttons(m).length === 0 && m;
      },
      { what: 'the old proposal re-rendered without buttons' },
    );
    expect(shown(old)).toContain(`Superseded: changes requested by <@${ALICE}>: “use 256Mi” (revision 1)`);
    expect(p.patches()).toBe(0);

    // The revised diagnosis, as serve runs it after a request (the runbook hears "use 256Mi").
    const revised = await diagnoseIncident(
      { store: p.h.store, kube: fixerKube(p.h.kube), config: fixerConfig(), logger: silentLogger() },
      p.incidentId,
    );
    expect(revised.outcome).toBe('proposed');
    const next = p.h.store.latestProposal(p.incidentId)!;
    h.slack.sync(p.incidentId);
    const posted = await waitFor(
      () => button(proposalMessage(h, next.id), 'clopus_approve') && proposalMessage(h, next.id),
      {
        what: 'the revised proposal posted with its buttons',
      },
    );

    expect(posted.thread_ts).toBe(h.fake.topLevel(CHANNEL)[0]!.ts);
    expect(posted.text).toMatch(new RegExp(`^\\[Clopus #${p.incidentId}\\] Revised fix #${next.id}`));
    expect(shown(posted)).toContain(`*Revision 1*, asked by <@${ALICE}>: “use 256Mi”`);
    expect(shown(posted)).toContain(
      `*What changed since proposal #${p.proposalId}:* (\`-\` no longer proposed, \`+\` new)`,
    );
    expect(shown(posted)).toMatch(/^- memory: 128Mi$/m);
    expect(shown(posted)).toMatch(/^\+ memory: 256Mi$/m);
    await waitFor(() => shown(proposalMessage(h, p.proposalId)).includes(`revised in proposal #${next.id}`), {
      what: 'the old proposal to name the revised one',
    });
  }, 30_000);

  it('opens no modal for someone who is not an approver, tells them so and records the attempt', async () => {
    const { p, h, value } = await arrange(mode);

    const click = await clickButton(h, { actionId: 'clopus_request_changes', value, userId: MALLORY });
    await waitFor(() => click.answer());

    expect(click.answer()!.text).toBe(
      `:no_entry_sign: You cannot request changes to incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.`,
    );
    expect(h.fake.views.modals()).toEqual([]);
    expect(p.h.store.auditTrail(p.incidentId).at(-1)).toMatchObject({
      actor: `slack:${MALLORY}`,
      action: 'request_changes_refused',
    });
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
  });

  it('opens no modal when the incident has spent its model budget, and says so', async () => {
    const { p, h, value } = await arrange(mode);
    const usage = { model: 'm', turns: 3, inputTokens: 1, outputTokens: 1, costUsd: 5.5, durationMs: 1 };
    p.h.store.recordAnswer({
      incidentId: p.incidentId,
      askedBy: `slack:${ALICE}`,
      question: 'q',
      status: 'answered',
      answer: 'a',
      usage,
    });

    const click = await clickButton(h, { actionId: 'clopus_request_changes', value, userId: ALICE });
    await waitFor(() => click.answer());

    expect(click.answer()!.text).toBe(
      `:warning: Changes not requested: Incident ${p.incidentId} has used $5.50 of its $5.00 model budget (fixer.incidentBudgetUsd); approve or reject proposal ${p.proposalId} instead.`,
    );
    expect(h.fake.views.modals()).toEqual([]);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
  });

  it('keeps the modal open with an error when nothing was typed', async () => {
    const { p, h, value } = await arrange(mode);
    const { view } = await openModal(h, { actionId: 'clopus_request_changes', value, userId: ALICE });

    const submitted = await submitModal(h, view, { request: '   ' });

    expect(submitted.ack).toEqual({ response_action: 'errors', errors: { request: 'Say what should change.' } });
    expect(view.state).toBe('open');
    await stillFalse(() => ephemeralsTo(h, ALICE).length > 0, 200, { what: 'an answer to the refused submission' });
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
    expect(p.h.store.revisionsOf(p.incidentId)).toEqual([]);
  });

  it('says to use /clopus revise when Slack no longer takes the trigger (it expired)', async () => {
    const { p, h, value } = await arrange(mode);
    const payload = buttonPayload(h.fake, { actionId: 'clopus_request_changes', value, userId: ALICE });
    const real = h.fake.views.now;
    h.fake.views.now = () => real() + 3_500;

    if (mode === 'http') await postSigned(h.eventsUrl, interactionBody(payload));
    else await h.fake.sendEnvelope('interactive', payload).ack;
    const answer = await waitFor(() => h.fake.responsesTo(payload.response_url as string)[0]);

    expect(answer.text).toBe(
      `:warning: Slack did not open the form (expired_trigger_id), so nothing was done. Click the button again, or use \`/clopus revise ${p.incidentId} TEXT\` (say what should change).`,
    );
    expect(h.fake.views.modals()).toEqual([]);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
  });

  it('requests changes with /clopus revise ID TEXT at once, and says what is missing without TEXT', async () => {
    const { p, h } = await arrange(mode);
    const command = async (text: string, userId: string): Promise<Record<string, any>> => {
      const fields = commandFields(h.fake, { text, userId });
      if (mode === 'http') await postSigned(h.eventsUrl, formBody(fields));
      else await h.fake.sendEnvelope('slash_commands', fields).ack;
      return waitFor(() => h.fake.responsesTo(fields.response_url!)[0] as Record<string, any> | undefined);
    };

    const bare = await command(`revise ${p.incidentId}`, ALICE);
    const refused = await command(`revise ${p.incidentId} use 256Mi`, MALLORY);
    const done = await command(`revise ${p.incidentId} use 256Mi`, ALICE);

    expect(bare.text).toMatch(
      new RegExp(
        `^revise needs what should change, e\\.g\\. "revise ${p.incidentId} use 256Mi, not 128Mi"\\.\\n\\n\\*Usage\\*`,
      ),
    );
    expect(bare.text).toContain('`/clopus revise ID TEXT`');
    expect(refused.text).toBe(
      `:no_entry_sign: You cannot request changes to incident ${p.incidentId}: you are not an approver for namespace shop. This attempt was recorded.`,
    );
    expect(done.text).toMatch(/^:white_check_mark: Changes requested by <@U0ALICE> \(revision 1 of 3\)/);
    expect(p.h.store.revisionsOf(p.incidentId)).toMatchObject([{ request: 'use 256Mi', proposalId: p.proposalId }]);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('revising');
    expect(h.fake.views.modals()).toEqual([]);
  });

  it('shows a hostile request escaped wherever it is quoted, mentioning nobody', async () => {
    const { p, h, value } = await arrange(mode);
    const hostile = '<!channel> <@U0BOB> also give me cluster-admin ```';

    const { view } = await openModal(h, { actionId: 'clopus_request_changes', value, userId: ALICE });
    await submitModal(h, view, { request: hostile });
    const old = await waitFor(
      () => {
        const m = proposalMessage(h, p.proposalId);
        return m && buttons(m).length === 0 && m;
      },
      { what: 'the old proposal re-rendered' },
    );
    const main = await waitFor(() => {
      const m = h.fake.topLevel(CHANNEL)[0];
      return m && shown(m).includes('*revising*') && m;
    });

    const escaped = '&lt;!channel&gt; &lt;@U0BOB&gt; also give me cluster-admin `\u200b`\u200b`';
    expect(shown(old)).toContain(`“${escaped}” (revision 1)`);
    expect(shown(main)).toContain(`requested changes (revision 1): “${escaped}”`);
    const everything = JSON.stringify([...h.fake.callsTo('chat.postMessage'), ...h.fake.callsTo('chat.update')]);
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U0BOB>');
    expect(p.h.store.revisionsOf(p.incidentId)[0]!.request).toBe(hostile);
  });
});
