// The App Home tab: the open incidents, newest first, those waiting for a decision on top. A pending proposal shows
// its root cause and, only for someone who may decide on it, the thread's Approve / Request changes / Reject
// buttons (same action ids, same bound values: a click here decides exactly as one in the thread). Pure.
import type { types } from '@slack/bolt';
import type { Incident } from '../../store/index.js';
import { ACTION, buttonValue, REQUEST_CHANGES } from '../ids.js';
import type { ProposalView } from '../view.js';
import { actions, type Block, button, context, divider, header, section } from './blocks.js';
import { code, date, type Mrkdwn, md, raw, text, untrusted } from './escape.js';
import { RISK_MARK, STATE_MARK, STATE_WORDS, workload } from './labels.js';

export type HomeView = types.HomeView;

/** Slack's limit for a Home tab. */
export const HOME_BLOCKS = 100;

export interface HomeEntry {
  incident: Incident;
  /** Its pending proposal, when it waits for a decision. */
  proposal?: ProposalView | undefined;
  /** Whether the viewer is an approver for the incident's namespace. */
  canDecide: boolean;
}

export interface HomeContent {
  /** Waiting for a decision (proposed), newest first. */
  pending: HomeEntry[];
  pendingTotal: number;
  /** Every other open incident, newest first. */
  others: HomeEntry[];
  othersTotal: number;
  /** The slash command, for the hints. */
  command: string;
  /** When the view was built (ISO). */
  at: string;
}

const channelLink = (i: Incident): Mrkdwn =>
  i.slackChannel && /^[CG][A-Z0-9]{2,20}$/.test(i.slackChannel)
    ? md` · thread in ${raw(`<#${i.slackChannel}>`)}`
    : raw('');

function incidentLine(i: Incident): Mrkdwn {
  return md`${raw(STATE_MARK[i.state])} *#${i.id}* ${workload(i)} in ${untrusted(i.namespace, 63)} · ${untrusted(i.reason, 60)} · _${raw(STATE_WORDS[i.state])}_ since ${date(i.updatedAt, '{ago}')}${channelLink(i)}`;
}

function decisionButtons(e: HomeEntry, p: ProposalView): Block {
  const value = buttonValue(e.incident.id, p.id, p.actionsHash);
  const n = p.proposal?.actions.length ?? 0;
  return actions(`clopus-home-decide-${p.id}`, [
    button({
      actionId: ACTION.approve,
      label: p.delivery ? 'Open PR' : 'Approve',
      value,
      style: 'primary',
      confirm: {
        title: p.delivery ? 'Open a pull request?' : 'Apply this fix?',
        text: p.delivery
          ? md`Open a pull request with proposal #${p.id} for ${workload(e.incident)}? Nothing changes in the cluster until it is merged and synced.`
          : md`Apply ${n} action${raw(n === 1 ? '' : 's')} of proposal #${p.id} to ${workload(e.incident)} in ${untrusted(e.incident.namespace, 63)}? Its diff is in the incident's thread.`,
        confirm: p.delivery ? 'Open PR' : 'Approve and apply',
        deny: 'Cancel',
      },
    }),
    button({ actionId: REQUEST_CHANGES, label: 'Request changes', value }),
    button({ actionId: ACTION.reject, label: 'Reject', value, style: 'danger' }),
  ]);
}

/** The blocks of one entry: its line (with the proposal's root cause), then buttons or who it waits for. */
function entryBlocks(e: HomeEntry): Block[] {
  const p = e.proposal;
  if (!p?.proposal) return [section(incidentLine(e.incident))];
  const s = p.proposal.summary;
  const summary = md`\n>${untrusted(s.rootCause, 400)}\n${raw(RISK_MARK[s.risk])} risk ${text(s.risk)} · confidence ${text(s.confidence)} · ${p.proposal.actions.length} action${raw(p.proposal.actions.length === 1 ? '' : 's')} · proposal #${p.id}`;
  return [
    section(md`${incidentLine(e.incident)}${summary}`),
    e.canDecide
      ? decisionButtons(e, p)
      : context([raw(':hourglass: Waiting for an approver of this namespace; you can read it, not decide on it.')]),
  ];
}

function more(n: number, what: string, command: string): Block {
  return context([md`…and ${n} more ${raw(what)}; ${code(`${command} list`)} shows them all.`]);
}

/** The Home view, within Slack's 100 blocks: entries are added while they fit, and the rest are counted. */
export function renderHome(c: HomeContent): HomeView {
  const mine = c.pending.filter((e) => e.canDecide).length;
  const intro =
    c.pendingTotal + c.othersTotal === 0
      ? raw(':large_green_circle: No open incidents. New ones appear here and in the incidents channel.')
      : md`*${c.pendingTotal}* waiting for a decision${c.pendingTotal > 0 ? md` (${mine} of those shown you can decide)` : raw('')} · *${c.othersTotal}* other open`;
  const blocks: Block[] = [header('Clopus incidents'), section(intro), context([md`Updated ${date(c.at)}`])];
  // Room for one "…and N more" line per list, whichever list runs out of room.
  const budget = HOME_BLOCKS - 2;
  const add = (title: string, entries: HomeEntry[], total: number, what: string): void => {
    if (entries.length === 0 && total === 0) return;
    if (blocks.length + 2 > budget) {
      blocks.push(more(total, what, c.command));
      return;
    }
    blocks.push(divider(), section(md`*${raw(title)}*`));
    let shown = 0;
    for (const e of entries) {
      const b = entryBlocks(e);
      if (blocks.length + b.length > budget) break;
      blocks.push(...b);
      shown++;
    }
    if (total > shown) blocks.push(more(total - shown, what, c.command));
  };
  add('Waiting for a decision', c.pending, c.pendingTotal, 'incidents waiting for a decision');
  add('Other open incidents', c.others, c.othersTotal, 'open incidents');
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}
