// A proposal in the incident's thread: root cause, every action (type, target, change class, fields, reason), the
// diff in code blocks, and the buttons. A diff too long for one message continues in further replies; the action
// list never does, so the message with the buttons names everything that would be done.

import { revisionChanges } from '../../present/index.js';
import { ACTION, APPROVE_LIVE, buttonValue, REQUEST_CHANGES } from '../ids.js';
import type { IncidentView, ProposalView } from '../view.js';
import { actionLines } from './actions.js';
import { actions, type Block, button, context, fields, header, message, type SlackMessage, section } from './blocks.js';
import { chunkBody, diffSections } from './diff.js';
import { date, fence, link, type Mrkdwn, md, raw, text, untrusted, wholeCodeBody } from './escape.js';
import { actor, decidedBy, RISK_MARK, workload } from './labels.js';

/** Below Slack's 50 blocks and well below its message size, leaving room for the header and the buttons. */
const MESSAGE_BLOCKS = 40;
const MESSAGE_CHARS = 12_000;
const CONTROL_BLOCKS = 3;
const CONTROL_CHARS = 3_000;

function diffBlocks(p: ProposalView): Block[] {
  return diffSections(p.diff).flatMap((s) => [
    section(md`*${untrusted(s.title, 300)}*`),
    ...chunkBody(s.body).map((chunk) => section(fence(chunk))),
  ]);
}

function confirmText(view: IncidentView, p: ProposalView): Mrkdwn {
  const n = p.proposal?.actions.length ?? 0;
  const hot = p.proposal?.actions.some((a) => a.type === 'edit_file' || a.type === 'exec')
    ? raw(' Hotfixes are lost when the pod restarts.')
    : raw('');
  return md`Apply ${n} action${raw(n === 1 ? '' : 's')} to ${workload(view.incident)} in namespace ${untrusted(view.incident.namespace, 63)}? Read the diff in this thread first.${hot}`;
}

/** Buttons while a decision is possible, else a line saying what became of the proposal. */
export function controls(view: IncidentView, p: ProposalView): Block[] {
  const { incident } = view;
  const latest = view.proposals.at(-1)?.id === p.id;
  const value = buttonValue(incident.id, p.id, p.actionsHash);
  if (latest && p.proposal && incident.state === 'proposed' && p.status === 'pending') {
    const approve = p.delivery
      ? button({
          actionId: ACTION.approve,
          label: 'Open PR',
          value,
          style: 'primary',
          confirm: {
            title: 'Open a pull request?',
            text: md`Push ${text(`clopus/incident-${incident.id}`)} and open a pull request against ${untrusted(p.delivery.base, 100)} of ${untrusted(p.delivery.repoUrl, 300)}? Nothing changes in the cluster until it is merged and synced.`,
            confirm: 'Open PR',
            deny: 'Cancel',
          },
        })
      : button({
          actionId: ACTION.approve,
          label: 'Approve',
          value,
          style: 'primary',
          confirm: {
            title: 'Apply this fix?',
            text: confirmText(view, p),
            confirm: 'Approve and apply',
            deny: 'Cancel',
          },
        });
    // Only where the manager does not revert drift (self-heal off) is a live patch worth offering beside the PR.
    const live = p.delivery?.livePatch
      ? [
          button({
            actionId: APPROVE_LIVE,
            label: 'Live patch now + PR',
            value,
            confirm: {
              title: 'Patch live and open a PR?',
              text: md`Patch ${workload(incident)} live now (its diff is under "Live patch now + PR" in this thread) and open the pull request that makes it last. Until the PR is merged, the next sync reverts the live patch.`,
              confirm: 'Patch and open PR',
              deny: 'Cancel',
            },
          }),
        ]
      : [];
    // Reject and Request changes open a modal (the reason, what should change), so they need no confirm.
    return [
      actions(`clopus-decide-${p.id}`, [
        approve,
        ...live,
        button({ actionId: REQUEST_CHANGES, label: 'Request changes', value }),
        button({ actionId: ACTION.reject, label: 'Reject', value, style: 'danger' }),
      ]),
    ];
  }
  const status: Mrkdwn[] = [];
  if (p.decision)
    status.push(
      md`${decidedBy(p.decision)} at ${date(p.decision.at)}${p.decision.detail ? md`: ${untrusted(p.decision.detail, 300)}` : raw('')}`,
    );
  if (p.rollback) status.push(md`rolled back by ${actor(p.rollback.actor)}`);
  // The PR the fix went out as, in the thread for everyone (the approver's own reply is only theirs).
  const pr = view.pullRequest?.proposalId === p.id ? view.pullRequest : undefined;
  if (pr)
    status.push(
      md`${link(pr.url, pr.number === null ? `branch ${pr.branch}` : `pull request #${pr.number}`)} ${text(pr.state === 'closed' ? 'closed unmerged' : pr.state)}${pr.livePatch ? raw(' (beside the live patch)') : raw('')}`,
    );
  const asked = p.supersededBy;
  if (asked && p.status === 'superseded')
    status.push(
      md`Superseded: changes requested by ${actor(asked.requestedBy)}: “${untrusted(asked.request, 300)}” (revision ${asked.number})${asked.proposalAfterId === null ? raw('') : md`, revised in proposal #${asked.proposalAfterId}`}`,
    );
  else if (!latest || p.status === 'superseded') status.push(raw('superseded by a newer proposal'));
  else
    status.push(md`proposal ${text(p.status.replace('_', ' '))}; incident ${text(incident.state.replace('_', ' '))}`);
  const blocks: Block[] = [context([md`${raw(':information_source:')} ${raw(status.join(' · '))}`])];
  // A fix that reached the cluster only through git is undone by reverting the PR, not from here.
  const gitOnly = p.delivery !== undefined && !(pr?.livePatch ?? false);
  if (latest && !gitOnly && ['applied', 'regressed', 'apply_failed'].includes(incident.state)) {
    blocks.push(
      actions(`clopus-rollback-${p.id}`, [
        button({
          actionId: ACTION.rollback,
          label: 'Rollback',
          value,
          style: 'danger',
          confirm: {
            title: 'Roll this fix back?',
            text: md`Restore what proposal #${p.id} changed on ${workload(incident)} from the records Clopus kept while applying it.`,
            confirm: 'Roll back',
            deny: 'Cancel',
            style: 'danger',
          },
        }),
      ]),
    );
  }
  return blocks;
}

const size = (blocks: readonly Block[]): number => JSON.stringify(blocks).length;

interface Layout {
  head: Block[];
  /** The diff blocks, split: parts[0] goes with the head and the controls, each further part is one reply. */
  parts: Block[][];
  fallback: Mrkdwn;
}

/** Room for "what changed" in one section beside its title and fence. */
const CHANGES_CHARS = 2_700;

/** Escaped code text cut after its last whole line that fits, saying so. */
function wholeLines(body: string, max: number): string {
  if (body.length <= max) return body;
  const cutAt = body.lastIndexOf('\n', max - 40);
  return `${body.slice(0, Math.max(cutAt, 0))}\n… (more in the diff below)`;
}

/** A revised proposal says whose request it answers and what it changed since the proposal it replaces. */
function revisionBlocks(p: ProposalView): Block[] {
  if (!p.revises) return [];
  const { revision, previousDiff } = p.revises;
  const asked = section(
    md`*Revision ${revision.number}*, asked by ${actor(revision.requestedBy)}: “${untrusted(revision.request, 700)}”`,
  );
  if (previousDiff === undefined) return [asked];
  const changed = revisionChanges(previousDiff, p.diff);
  const title = md`*What changed since proposal #${revision.proposalId}:* (\`-\` no longer proposed, \`+\` new)`;
  return [
    asked,
    changed.length > 0
      ? section(md`${title}\n${fence(wholeLines(wholeCodeBody(changed.join('\n')), CHANGES_CHARS))}`)
      : section(md`${title} nothing in the diff; the actions' reasons or summary may differ.`),
  ];
}

function layout(view: IncidentView, p: ProposalView): Layout {
  const { incident } = view;
  const summary = p.proposal?.summary;
  const revised = p.revises ? ` (revision ${p.revises.revision.number})` : '';
  const head: Block[] = [
    header(`${p.revises ? 'Revised' : 'Proposed'} fix #${p.id} for incident #${incident.id}${revised}`),
    ...revisionBlocks(p),
    ...(summary
      ? [
          section(md`*Root cause*\n${untrusted(summary.rootCause, 700)}`),
          fields([
            md`*Risk*\n${raw(RISK_MARK[summary.risk])} ${text(summary.risk)}`,
            md`*Confidence*\n${text(summary.confidence)}`,
            md`*Target*\n${workload(incident)}`,
            md`*Proposed*\n${date(p.createdAt)}`,
          ]),
        ]
      : []),
    ...actionLines(p),
  ];
  const parts: Block[][] = [[]];
  // A fixed reserve for the controls, not their size now: the split must not move when the buttons change, since
  // only the first part is updated after posting.
  let budget = {
    blocks: MESSAGE_BLOCKS - head.length - CONTROL_BLOCKS - 1,
    chars: MESSAGE_CHARS - size(head) - CONTROL_CHARS,
  };
  for (const block of diffBlocks(p)) {
    const cost = size([block]);
    if (parts.at(-1)!.length + 1 > budget.blocks || cost > budget.chars) {
      parts.push([]);
      budget = { blocks: MESSAGE_BLOCKS - 1, chars: MESSAGE_CHARS };
    }
    parts.at(-1)!.push(block);
    budget.chars -= cost;
  }
  const fallback = md`[Clopus #${incident.id}] ${raw(p.revises ? 'Revised' : 'Proposed')} fix #${p.id}${summary ? md` (risk ${text(summary.risk)}): ${untrusted(summary.rootCause, 300)}` : raw('')}`;
  return { head, parts, fallback };
}

/** Part 0 (summary, every action, the diff that fits, the buttons), then one reply per further slice of the diff. */
export function renderProposal(view: IncidentView, p: ProposalView): SlackMessage[] {
  const { incident } = view;
  const { head, parts, fallback } = layout(view, p);
  const more = parts.length - 1;
  const first = message(fallback, [
    ...head,
    ...parts[0]!,
    ...(more > 0
      ? [context([md`The diff continues in ${more} more repl${raw(more === 1 ? 'y' : 'ies')} below.`])]
      : []),
    ...controls(view, p),
  ]);
  return [
    first,
    ...parts
      .slice(1)
      .map((blocks, i) =>
        message(md`[Clopus #${incident.id}] Diff of proposal #${p.id}, continued (${i + 2}/${more + 1})`, [
          context([md`Diff of proposal #${p.id}, continued (${i + 2}/${more + 1})`]),
          ...blocks,
        ]),
      ),
  ];
}

/**
 * The proposal's first part as one ephemeral answer (`/clopus approve ID`): every action, the diff that fits, a
 * pointer to the rest in the thread, and the same buttons, bound to this proposal.
 */
export function proposalPreview(view: IncidentView, p: ProposalView): SlackMessage {
  const { head, parts, fallback } = layout(view, p);
  const more = parts.length - 1;
  const where =
    more > 0
      ? md`The rest of the diff is in ${more} more repl${raw(more === 1 ? 'y' : 'ies')} in the thread of incident #${view.incident.id}.`
      : md`This is the whole proposal; it is also in the thread of incident #${view.incident.id}.`;
  return message(fallback, [...head, ...parts[0]!, context([where]), ...controls(view, p)]);
}
