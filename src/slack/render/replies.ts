// Answers to a person (ephemeral unless the effect is public): usage, refusals, decisions, status, lists, policy.

import type { IncidentState } from '../../core/index.js';
import type { EffectivePolicy, PauseState } from '../../policy/index.js';
import type { Incident } from '../../store/index.js';
import { type Block, context, section } from './blocks.js';
import { code, cut, date, join, type Mrkdwn, md, mention, raw, text, untrusted } from './escape.js';
import { actor, STATE_MARK, STATE_WORDS, workload } from './labels.js';

export interface Reply {
  text: Mrkdwn;
  blocks?: Block[];
  /** Shown to the channel (the effect is public, e.g. pausing auto-approve); otherwise only to the person. */
  public?: boolean;
}

const reply = (value: Mrkdwn, extra: Partial<Reply> = {}): Reply => ({ text: cut(value, 3000), ...extra });

export const USAGE_LINES = [
  '`/clopus scan [namespace…]` — scan now and list degraded pods',
  '`/clopus status` — health, watched namespaces, open incidents by state, auto-approve paused or not',
  '`/clopus list [state|live|all]` — incidents (default: live ones)',
  '`/clopus show ID` — one incident',
  '`/clopus approve ID` — show the proposal with Approve and Reject buttons bound to it (approvers only)',
  '`/clopus revise ID TEXT` — request changes: Clopus replaces the proposal with one revised as TEXT says (approvers only)',
  '`/clopus reject ID [reason]` · `/clopus rollback ID` — decide (approvers only)',
  '`/clopus pause [reason]` · `/clopus resume` — stop or restart auto-approve (approvers only)',
  '`/clopus policy` — who approves what, trusted namespaces and their limits',
  '`/clopus help` — this list',
];

export function usage(command: string, error?: string): Reply {
  // Constant lines and a command name the config checked against /^\/[a-z0-9_-]+$/.
  const lines = USAGE_LINES.map((l) => l.replace(/\/clopus/g, command));
  return reply(md`${error ? md`${text(error)}\n\n` : raw('')}*Usage*\n${raw(lines.join('\n'))}`);
}

export const notice = (value: Mrkdwn, extra: Partial<Reply> = {}): Reply => reply(value, extra);

/** Slack would not open the modal (its trigger expired, or it refused the view): the slash command does the same. */
export function modalFailed(kind: 'revise' | 'reject', command: string, incidentId: number, error: string): Reply {
  const instead =
    kind === 'revise'
      ? md`\`${text(command)} revise ${incidentId} TEXT\` (say what should change)`
      : md`\`${text(command)} reject ${incidentId} [reason]\``;
  return reply(
    md`:warning: Slack did not open the form (${text(error)}), so nothing was done. Click the button again, or use ${instead}.`,
  );
}

/** The decision service speaks CLI ("clopus show 12"); in Slack the same step is a slash command. */
export function slackWording(sentence: string, command: string): string {
  return sentence.replace(/\bclopus (show|approve|reject|rollback|incidents)\b/g, (_m, verb: string) =>
    verb === 'incidents' ? `${command} list` : `${command} ${verb}`,
  );
}

/** `kept`: where the attempt went: the incident's audit trail ("recorded"), or only the log ("logged"). */
export function refusal(what: string, reason: string, kept: 'recorded' | 'logged' = 'recorded'): Reply {
  return reply(md`:no_entry_sign: You cannot ${text(what)}: ${text(reason)}. This attempt was ${raw(kept)}.`);
}

export function statusReply(
  s: { synced: boolean; scopes: readonly string[]; pods: number } | undefined,
  counts: Record<IncidentState, number>,
  pause: PauseState,
): Reply {
  const live = (Object.entries(counts) as Array<[IncidentState, number]>).filter(
    ([state, n]) => n > 0 && !['resolved', 'verified', 'rolled_back'].includes(state),
  );
  const health = s
    ? md`${raw(s.synced ? ':large_green_circle: watching' : ':large_yellow_circle: starting')} ${s.pods} pods in ${
        s.scopes.length === 1 && s.scopes[0] === '*'
          ? raw('all namespaces')
          : join(
              s.scopes.map((x) => untrusted(x, 63)),
              ', ',
            )
      }`
    : raw(':white_circle: the detector is not running in this process');
  const byState =
    live.length > 0
      ? join(
          live.map(([state, n]) => md`${raw(STATE_MARK[state])} ${text(STATE_WORDS[state])}: ${n}`),
          '\n',
        )
      : raw('No open incidents.');
  return reply(md`*Clopus status*\n${health}\n${pauseLine(pause)}\n\n*Open incidents*\n${byState}`);
}

export function pauseLine(p: PauseState): Mrkdwn {
  if (!p.paused) return raw(':arrow_forward: auto-approve is on');
  return md`:double_vertical_bar: auto-approve is *paused*${p.by ? md` by ${actor(p.by)}` : raw('')}${p.at ? md` since ${date(p.at)}` : raw('')}${p.reason ? md`: ${untrusted(p.reason, 200)}` : raw('')}`;
}

export function pauseReply(p: PauseState): Reply {
  return reply(
    p.paused
      ? md`${pauseLine(p)}. Every proposal now waits for a person.`
      : md`:arrow_forward: Auto-approve was turned back on by ${actor(p.by ?? 'someone')}.`,
    { public: true },
  );
}

const incidentLine = (i: Incident): Mrkdwn =>
  md`${raw(STATE_MARK[i.state])} *#${i.id}* ${untrusted(i.reason, 40)} · ${workload(i)} · ${untrusted(i.namespace, 63)} · ${text(STATE_WORDS[i.state])} · ${date(i.lastSeenAt)}`;

export function listReply(items: readonly Incident[], total: number, filter: string): Reply {
  if (items.length === 0) return reply(md`No ${text(filter)} incidents.`);
  return reply(md`*${text(filter)} incidents* (${items.length} of ${total})\n${join(items.map(incidentLine), '\n')}`);
}

export function scanReply(r: {
  pods: number;
  forbidden: readonly string[];
  findings: ReadonlyArray<{
    namespace: string;
    pod: string;
    reason: string;
    message: string;
    workload: { kind: string; name: string };
  }>;
}): Reply {
  const lines = r.findings
    .slice(0, 25)
    .map(
      (f) =>
        md`• ${untrusted(f.reason, 40)} · ${untrusted(`${f.workload.kind.toLowerCase()}/${f.workload.name}`, 200)} · ${untrusted(f.namespace, 63)}/${untrusted(f.pod, 120)}: ${untrusted(f.message, 200)}`,
    );
  const more = r.findings.length > 25 ? md`\n…and ${r.findings.length - 25} more` : raw('');
  const forbidden =
    r.forbidden.length > 0
      ? md`\nNot readable (403): ${join(
          r.forbidden.map((n) => untrusted(n, 63)),
          ', ',
        )}`
      : raw('');
  const head = md`*Scan*: ${r.pods} pods, ${r.findings.length} finding${raw(r.findings.length === 1 ? '' : 's')}`;
  return reply(
    lines.length > 0
      ? md`${head}\n${join(lines, '\n')}${more}${forbidden}`
      : md`${head}. No degraded pods.${forbidden}`,
  );
}

const principal = (p: string): Mrkdwn => (p.startsWith('S') ? raw(`<!subteam^${p}>`) : mention(p));

export function policyReply(p: EffectivePolicy): Reply {
  const approvers =
    p.approvers.length > 0 ? join(p.approvers.map(principal), ', ') : raw('_none: nobody can approve from Slack_');
  const scoped = p.namespaceApprovers.map(
    (r) =>
      md`• in ${join(
        r.namespaces.map((n) => code(n, 63)),
        ', ',
      )}: ${join(r.approvers.map(principal), ', ')}`,
  );
  const trusted = p.trusted.map((r) => {
    const used = Object.entries(r.usedLastHour);
    return md`• ${code(r.name, 64)}: ${join(
      r.namespaces.map((n) => code(n, 63)),
      ', ',
    )} may auto-approve ${join(
      r.classes.map((a) => code(a)),
      ', ',
    )}, at most ${r.maxPerHour} per namespace per hour${
      used.length > 0
        ? md` (last hour: ${join(
            used.map(([ns, n]) => md`${untrusted(ns, 63)} ${n}`),
            ', ',
          )})`
        : raw('')
    }`;
  });
  const blocks: Block[] = [
    section(
      md`*Approvers everywhere*: ${approvers}${scoped.length > 0 ? md`\n*Also approve in their namespaces*\n${join(scoped, '\n')}` : raw('')}`,
    ),
    section(
      md`*Trusted namespaces*\n${trusted.length > 0 ? join(trusted, '\n') : raw('_none: every proposal waits for a person_')}`,
    ),
    section(md`${pauseLine(p.pause)}\nProposals expire after ${p.proposalExpiryMinutes} minutes without a decision.`),
    context([raw('Pausing takes any approver; resuming takes an approver for all namespaces.')]),
  ];
  return { text: raw('Clopus policy'), blocks };
}
