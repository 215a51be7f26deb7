// The demo's scripted reviewer in the Slack fake (issue 15's loop end to end): for the indexer's proposal it clicks
// Request changes, asks for 256Mi in the modal the app opens, waits for the revised proposal in the thread, reads its
// diff and what changed, approves it, and waits for the verdict. Everything it does goes through the app's own
// Slack receiver, as a person's clicks would; what it tells is read back from the fake's messages and the store.
import { loadLatestProposal } from '../planner/index.js';
import type { Incident, Store } from '../store/index.js';
import { type Say, title } from './narrate.js';
import {
  click,
  findButton,
  mention,
  openedModal,
  type ReviewerHands,
  replyAfter,
  saidBack,
  submit,
  unescapeMrkdwn,
  WIRE,
  waitUntil,
  whatChanged,
} from './reviewer-slack.js';
import { INDEXER_NEEDS } from './scenario.js';
import { REVIEWER_NAME } from './slack-stage.js';

/** What the reviewer types into the modal: the one quantity the OOM runbook can apply, and why. */
export const REVISION_REQUEST = 'use 256Mi, not 128Mi — that is still below what the indexer loads';

export interface ReviewContext {
  say: Say;
  store: Store;
  hands: ReviewerHands;
  dashboardUrl: string;
  windowSeconds: number;
  /** With model credentials the revised diagnosis may take minutes, not milliseconds. */
  model: boolean;
  /** `--once`: the dashboard stops as the demo exits. */
  once: boolean;
}

const indent = (say: Say, lines: string, by = '      '): void => {
  for (const line of lines.trimEnd().split('\n')) say(`${by}${line}`);
};

/** The incident's thread in Slack, once the app has posted its message there. */
const threadOf = (store: Store, id: number): Promise<string> =>
  waitUntil(() => store.getIncident(id)?.slackTs ?? undefined, 20_000, `Slack message for incident #${id}`);

async function requestChanges(ctx: ReviewContext, incident: Incident, proposalId: number): Promise<void> {
  const { say, store, hands } = ctx;
  const thread = await threadOf(store, incident.id);
  const found = await waitUntil(
    () => findButton(hands.fake, thread, incident.id, proposalId, WIRE.requestChanges),
    20_000,
    `Request changes button on proposal #${proposalId} in the incident's thread`,
  );
  const before = hands.fake.views.modals().length;
  say(`  ${REVIEWER_NAME} clicks Request changes on proposal #${proposalId} in the incident's thread…`);
  const { responseUrl } = await click(hands, found, WIRE.requestChanges);
  const modal = await waitUntil(
    () => openedModal(hands, WIRE.revise.callbackId, before),
    10_000,
    `"${WIRE.revise.callbackId}" modal (the app said: ${saidBack(hands, responseUrl) || 'nothing'})`,
  );
  say(`  The app opens its modal "${String(modal.view.title?.text ?? '')}" (views.open); ${REVIEWER_NAME} types:`);
  say(`      “${REVISION_REQUEST}”`);
  await submit(hands, modal, { [WIRE.revise.input]: REVISION_REQUEST });
}

/** The revised proposal's id, once its diagnosis has made one; throws when it made none. */
async function revised(ctx: ReviewContext, incident: Incident): Promise<number> {
  const { store } = ctx;
  const outcome = await waitUntil(
    () => {
      const after = store.latestRevision(incident.id)?.proposalAfterId ?? null;
      const state = store.getIncident(incident.id)?.state;
      if (after !== null && state === 'proposed') return { done: true as const, after };
      if (state === 'no_fix' || state === 'diagnosis_failed' || state === 'resolved')
        return { done: false as const, state };
      return undefined;
    },
    ctx.model ? 600_000 : 30_000,
    `revised proposal for incident #${incident.id}`,
  );
  if (outcome.done) return outcome.after;
  const last = store.listDiagnoses(incident.id).at(-1);
  throw new Error(`the revised diagnosis ended ${outcome.state}: ${last?.explanation ?? last?.error ?? 'no reason'}`);
}

/** Approves the revised proposal from its message, and waits for the verdict; answers the incident's state. */
async function approve(ctx: ReviewContext, incident: Incident, proposalId: number): Promise<string> {
  const { say, store, hands } = ctx;
  const thread = await threadOf(store, incident.id);
  const found = await waitUntil(
    () => findButton(hands.fake, thread, incident.id, proposalId, WIRE.approve),
    20_000,
    `Approve button on proposal #${proposalId} in the incident's thread`,
  );
  say(`  ${REVIEWER_NAME} clicks Approve on proposal #${proposalId}…`);
  const { responseUrl } = await click(hands, found, WIRE.approve);
  const state = () => store.getIncident(incident.id)?.state ?? 'open';
  await waitUntil(
    () => (['approved', 'applying', 'proposed'].includes(state()) ? undefined : true),
    20_000,
    `application of proposal #${proposalId} (the app said: ${saidBack(hands, responseUrl) || 'nothing'})`,
  );
  const approval = store.auditTrail(incident.id).findLast((a) => a.toState === 'approved');
  if (state() === 'applied') {
    say(
      `      approved by ${approval?.actor ?? '?'} and applied; the sandbox rolls the Deployment out; Clopus watches it for ${ctx.windowSeconds} s…`,
    );
    await waitUntil(
      () => (state() === 'applied' ? undefined : true),
      (ctx.windowSeconds + 60) * 1000,
      `verdict on incident #${incident.id}`,
    );
  }
  const why = store.auditTrail(incident.id).findLast((a) => a.toState === state())?.detail;
  const detail = why ? (JSON.parse(why) as { detail?: string }).detail : undefined;
  say(`      ${state()}${detail ? `: ${detail}` : ''}`);
  return state();
}

/** The question a reviewer asks in the thread afterwards. */
export const QUESTION = 'why was 128Mi not enough?';

/** Asks the app a question in the incident's thread and tells its answer (with no model: the one sentence why not). */
async function ask(ctx: ReviewContext, incident: Incident): Promise<void> {
  const { say, store, hands } = ctx;
  const thread = await threadOf(store, incident.id);
  const channel = store.getIncident(incident.id)?.slackChannel ?? '';
  say(`  ${REVIEWER_NAME} asks in the thread: “@Clopus ${QUESTION}”`);
  const ephemerals = hands.fake.ephemerals.length;
  const asked = await mention(hands, channel, thread, QUESTION);
  const reply = await waitUntil(
    () => replyAfter(hands, thread, asked, ephemerals),
    ctx.model ? 300_000 : 20_000,
    "answer in the incident's thread",
  );
  say(
    `  Clopus answers in the thread${reply.ephemeral ? ', visible only to the asker' : ''}${ctx.model ? ' (Claude Code, resumed from the diagnosis session)' : ''}:`,
  );
  indent(say, unescapeMrkdwn(reply.text).slice(0, 1500));
}

/**
 * The review, narrated. Returns the incident's final state; a step that does not come within its time is said, and
 * the review stops there (the demo's `--once` then fails on the state).
 */
export async function reviewInSlack(ctx: ReviewContext, incident: Incident | undefined): Promise<string | undefined> {
  const { say, store } = ctx;
  if (!incident) return undefined;
  const first = store.latestProposal(incident.id);
  if (store.getIncident(incident.id)?.state !== 'proposed' || !first) {
    say(`Review: ${title(incident)} has no proposal to review; clopus show ${incident.id} says why.`);
    return store.getIncident(incident.id)?.state;
  }
  const needs = Math.round(INDEXER_NEEDS / 2 ** 20);
  say(`Review in Slack: ${REVIEWER_NAME} (${ctx.hands.userId}, an approver in the demo's policy) in the Slack fake.`);
  say(`  ${title(incident)} waits for a person (it is not in a trusted namespace). The diff of proposal #${first.id}:`);
  indent(say, first.diff);
  say(`  The runbook doubled the 64Mi limit, but the indexer loads about ${needs}Mi of index segments as it starts`);
  say('  (its log: 14 segments, 198.6 MiB), so at 128Mi it would be OOMKilled again. The reviewer asks for 256Mi.');
  try {
    await requestChanges(ctx, incident, first.id);
    const revision = store.latestRevision(incident.id);
    say(
      `  Changes requested: revision ${revision?.number ?? '?'} by ${revision?.requestedBy ?? '?'}; proposal #${first.id} is ${store.getProposal(first.id)?.status ?? '?'}. A new diagnosis is given the old proposal and the request…`,
    );
    const afterId = await revised(ctx, incident);
    const next = loadLatestProposal(store, incident.id);
    const planner = store.listDiagnoses(incident.id).at(-1)?.planner ?? 'runbook';
    say(
      `  Revised proposal #${afterId} by the ${planner} planner, posted in the thread as a new diff against the live state:`,
    );
    if (next) {
      for (const a of next.proposal.actions) say(`      ${a.type}: ${a.reason}`);
      indent(say, next.diff);
    }
    const thread = await threadOf(store, incident.id);
    const posted = await waitUntil(
      () => findButton(ctx.hands.fake, thread, incident.id, afterId, WIRE.approve),
      20_000,
      `revised proposal #${afterId} in the incident's thread`,
    );
    if (!findButton(ctx.hands.fake, thread, incident.id, first.id, WIRE.approve))
      say(`    Proposal #${first.id}'s message in the thread no longer has buttons: it cannot be approved any more.`);
    const changed = whatChanged(posted.message);
    if (changed) {
      say(`    ${changed[0]}`);
      indent(say, changed.slice(1).join('\n'));
    }
    const state = await approve(ctx, incident, afterId);
    await ask(ctx, incident);
    say(
      `  The whole history (proposal, request, revision, approval, verdict, the question) is on the dashboard: ${ctx.dashboardUrl}`,
    );
    if (ctx.once) say('    (this run stops it as it exits; npm run demo without --once keeps it up)');
    return state;
  } catch (err) {
    say(`  ${REVIEWER_NAME}: ${err instanceof Error ? err.message : String(err)}; the review stops here.`);
    return store.getIncident(incident.id)?.state;
  }
}
