// A proposal in the incident's thread: root cause, actions with risk and how long they last, the diff in code
// blocks, and the buttons. A diff too long for one message continues in further replies.
import type { IncidentView, ProposalView } from '../view.js';
import { ACTION, buttonValue } from '../ids.js';
import { actions, button, context, fields, header, message, section, type Block, type SlackMessage } from './blocks.js';
import { code, codeBody, date, fence, md, raw, text, untrusted, type Mrkdwn } from './escape.js';
import { PERSISTENCE, RISK_MARK, actor, decidedBy, workload } from './labels.js';

/** Below Slack's 50 blocks and well below its message size, leaving room for the header and the buttons. */
const MESSAGE_BLOCKS = 40;
const MESSAGE_CHARS = 12_000;
const CHUNK_CHARS = 2_900;
const DIFF_CHARS = 200_000;
const CONTROL_BLOCKS = 3;
const CONTROL_CHARS = 3_000;

const TITLE = /^(\d+)\. (edit_file|exec|restart_pod|patch_workload) /;

/** Splits the stored diff text back into its per-action sections ("1. patch_workload …" then the body). */
export function diffSections(diff: string): Array<{ title: string; body: string }> {
  const sections: Array<{ title: string; lines: string[] }> = [];
  for (const line of diff.split('\n')) {
    if (TITLE.test(line)) sections.push({ title: line, lines: [] });
    else if (sections.length > 0) sections.at(-1)!.lines.push(line);
    else if (line.trim()) sections.push({ title: 'diff', lines: [line] });
  }
  return sections.map((s) => ({ title: s.title, body: s.lines.join('\n').replace(/\n+$/, '') }));
}

/** Escaped, fence-proof body cut into pieces that each fit one section with its fence. */
export function chunkBody(body: string, max = CHUNK_CHARS): string[] {
  const safe = codeBody(body, DIFF_CHARS);
  const chunks: string[] = [];
  let current = '';
  for (const line of safe.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) chunks.push(current);
      chunks.push(rest.slice(0, max).replace(/&[a-z]{0,4}$/, ''));
      rest = rest.slice(chunks.at(-1)!.length);
      current = '';
    }
    if (current && current.length + 1 + rest.length > max) {
      chunks.push(current);
      current = rest;
    } else {
      current = current ? `${current}\n${rest}` : rest;
    }
  }
  if (current || chunks.length === 0) chunks.push(current);
  return chunks;
}

function diffBlocks(p: ProposalView): Block[] {
  return diffSections(p.diff).flatMap((s) => [
    section(md`*${untrusted(s.title, 300)}*`),
    ...chunkBody(s.body).map((chunk) => section(fence(chunk))),
  ]);
}

function actionLines(p: ProposalView): Block[] {
  if (!p.proposal) return [section(md`:warning: This proposal cannot be shown: ${untrusted(p.error ?? 'it does not fit the schema', 500)}. It will not be applied.`)];
  return p.proposal.actions.map((a, i) =>
    section(md`*${i + 1}. ${code(a.type)}* · _${raw(PERSISTENCE[a.type])}_\n${untrusted(a.reason, 300)}`),
  );
}

function confirmText(view: IncidentView, p: ProposalView): Mrkdwn {
  const n = p.proposal?.actions.length ?? 0;
  const hot = p.proposal?.actions.some((a) => a.type === 'edit_file' || a.type === 'exec') ? raw(' Hotfixes are lost when the pod restarts.') : raw('');
  return md`Apply ${n} action${raw(n === 1 ? '' : 's')} to ${workload(view.incident)} in namespace ${untrusted(view.incident.namespace, 63)}? Read the diff in this thread first.${hot}`;
}

/** Buttons while a decision is possible, else a line saying what became of the proposal. */
export function controls(view: IncidentView, p: ProposalView): Block[] {
  const { incident } = view;
  const latest = view.proposals.at(-1)?.id === p.id;
  const value = buttonValue(incident.id, p.id);
  if (latest && p.proposal && incident.state === 'proposed' && p.status === 'pending') {
    return [actions(`clopus-decide-${p.id}`, [
      button({ actionId: ACTION.approve, label: 'Approve', value, style: 'primary', confirm: { title: 'Apply this fix?', text: confirmText(view, p), confirm: 'Approve and apply', deny: 'Cancel' } }),
      button({ actionId: ACTION.reject, label: 'Reject', value, style: 'danger' }),
    ])];
  }
  const status: Mrkdwn[] = [];
  if (p.decision) status.push(md`${decidedBy(p.decision)} at ${date(p.decision.at)}${p.decision.detail ? md`: ${untrusted(p.decision.detail, 300)}` : raw('')}`);
  if (p.rollback) status.push(md`rolled back by ${actor(p.rollback.actor)}`);
  if (!latest || p.status === 'superseded') status.push(raw('superseded by a newer proposal'));
  else status.push(md`proposal ${text(p.status.replace('_', ' '))}; incident ${text(incident.state.replace('_', ' '))}`);
  const blocks: Block[] = [context([md`${raw(':information_source:')} ${raw(status.join(' · '))}`])];
  if (latest && ['applied', 'regressed', 'apply_failed'].includes(incident.state)) {
    blocks.push(actions(`clopus-rollback-${p.id}`, [
      button({ actionId: ACTION.rollback, label: 'Rollback', value, style: 'danger', confirm: { title: 'Roll this fix back?', text: md`Restore what proposal #${p.id} changed on ${workload(incident)} from the records Clopus kept while applying it.`, confirm: 'Roll back', deny: 'Cancel', style: 'danger' } }),
    ]));
  }
  return blocks;
}

const size = (blocks: readonly Block[]): number => JSON.stringify(blocks).length;

/** Part 0 (summary, actions, the diff that fits, the buttons), then one reply per further slice of the diff. */
export function renderProposal(view: IncidentView, p: ProposalView): SlackMessage[] {
  const { incident } = view;
  const summary = p.proposal?.summary;
  const head: Block[] = [
    header(`Proposed fix #${p.id} for incident #${incident.id}`),
    ...(summary ? [
      section(md`*Root cause*\n${untrusted(summary.rootCause, 700)}`),
      fields([md`*Risk*\n${raw(RISK_MARK[summary.risk])} ${text(summary.risk)}`, md`*Confidence*\n${text(summary.confidence)}`, md`*Target*\n${workload(incident)}`, md`*Proposed*\n${date(p.createdAt)}`]),
    ] : []),
    ...actionLines(p),
  ];
  const tail = controls(view, p);
  const diff = diffBlocks(p);
  const parts: Block[][] = [[]];
  // A fixed reserve for the controls, not their size now: the split must not move when the buttons change, since
  // only the first part is updated after posting.
  let budget = { blocks: MESSAGE_BLOCKS - head.length - CONTROL_BLOCKS - 1, chars: MESSAGE_CHARS - size(head) - CONTROL_CHARS };
  for (const block of diff) {
    const cost = size([block]);
    if (parts.at(-1)!.length + 1 > budget.blocks || cost > budget.chars) {
      parts.push([]);
      budget = { blocks: MESSAGE_BLOCKS - 1, chars: MESSAGE_CHARS };
    }
    parts.at(-1)!.push(block);
    budget.chars -= cost;
  }
  const more = parts.length - 1;
  const fallback = md`[Clopus #${incident.id}] Proposed fix #${p.id}${summary ? md` (risk ${text(summary.risk)}): ${untrusted(summary.rootCause, 300)}` : raw('')}`;
  const first = message(fallback, [
    ...head,
    ...parts[0]!,
    ...(more > 0 ? [context([md`The diff continues in ${more} more repl${raw(more === 1 ? 'y' : 'ies')} below.`])] : []),
    ...tail,
  ]);
  return [first, ...parts.slice(1).map((blocks, i) => message(
    md`[Clopus #${incident.id}] Diff of proposal #${p.id}, continued (${i + 2}/${more + 1})`,
    [context([md`Diff of proposal #${p.id}, continued (${i + 2}/${more + 1})`]), ...blocks],
  ))];
}
