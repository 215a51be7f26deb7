// The incident's one message, updated in place as it moves: what broke, where, the diagnosis, evidence, and status.
import { CLOSED_STATES, type IncidentState } from '../../core/index.js';
import type { IncidentView } from '../view.js';
import { type Block, context, fields, header, message, type SlackMessage, section } from './blocks.js';
import { date, join, link, type Mrkdwn, md, raw, text, untrusted } from './escape.js';
import { evidenceSection } from './evidence.js';
import { actor, decidedBy, STATE_MARK, STATE_WORDS, workload } from './labels.js';

function lastExit(view: IncidentView): string {
  const t = view.evidence?.lastTermination;
  if (t) return `${t.exitCode}${t.reason ? ` (${t.reason})` : ''}`;
  const codes = view.incident.pods.map((p) => p.exitCode).filter((c): c is number => c !== undefined);
  return codes.length > 0 ? String(codes[0]) : '—';
}

function diagnosisText(view: IncidentView): Mrkdwn | undefined {
  const latest = view.proposals.at(-1);
  if (
    latest?.proposal &&
    [
      'proposed',
      'approved',
      'applying',
      'pr_open',
      'syncing',
      'applied',
      'apply_failed',
      'verified',
      'regressed',
      'rolled_back',
      'rejected',
      'expired',
    ].includes(view.incident.state)
  ) {
    return untrusted(latest.proposal.summary.rootCause, 700);
  }
  const d = view.diagnosis;
  if (!d) return undefined;
  if (d.status === 'running') return raw('_Diagnosing…_');
  if (d.explanation) return untrusted(d.explanation, 700);
  if (d.error) return md`_Diagnosis failed:_ ${untrusted(d.error, 500)}`;
  return undefined;
}

/** One line on where the incident is, who moved it, and why. */
export function statusLine(view: IncidentView): Mrkdwn {
  const { incident } = view;
  const state: IncidentState = incident.state;
  const latest = view.proposals.at(-1);
  const decision = latest?.decision;
  const note = view.note ? md`: ${untrusted(view.note, 500)}` : raw('');
  const mark = raw(`${STATE_MARK[state]} *${STATE_WORDS[state]}*`);
  switch (state) {
    case 'proposed':
      return md`${mark}: review the fix in the thread: approve it, request changes or reject it.${latest?.autoSkipped ? md` Not auto-approved: ${untrusted(latest.autoSkipped, 300)}.` : raw('')}`;
    case 'approved':
    case 'applying':
    case 'applied':
    case 'verified':
    case 'regressed':
    case 'apply_failed':
    case 'rejected': {
      const by = decision ? md` (${decidedBy(decision)})` : raw('');
      const gitOnly = latest?.delivery !== undefined && !(view.pullRequest?.livePatch ?? false);
      const hint =
        state === 'regressed' || state === 'apply_failed'
          ? raw(
              gitOnly
                ? ' The fix went out through git: revert its pull request to undo it.'
                : ' Roll it back from the thread.',
            )
          : raw('');
      return md`${mark}${by}${note}${hint}`;
    }
    case 'pr_open': {
      const pr = view.pullRequest;
      const where = pr
        ? md`: ${link(pr.url, pr.number === null ? `branch ${pr.branch}` : `pull request #${pr.number}`)}`
        : raw('');
      const by = decision ? md` (${decidedBy(decision)})` : raw('');
      return md`${mark}${by}${where}. Merge it to deliver the fix; Clopus follows it to the cluster.`;
    }
    case 'syncing': {
      const pr = view.pullRequest;
      const by = pr?.mergedBy ? md` by ${text(pr.mergedBy)}` : raw('');
      const sha = pr?.mergeSha ? md` (${text(pr.mergeSha.slice(0, 12))})` : raw('');
      return md`${mark}${by}${sha}: waiting for the GitOps controller to sync the merge commit, then verifying.`;
    }
    case 'revising': {
      const asked = view.revisions.at(-1);
      return asked
        ? md`${mark}: ${actor(asked.requestedBy)} requested changes (revision ${asked.number}): “${untrusted(asked.request, 300)}”. A revised proposal follows in the thread.`
        : md`${mark}: a revised proposal follows in the thread.`;
    }
    case 'rolled_back':
      return md`${mark}${latest?.rollback ? md` by ${actor(latest.rollback.actor)}` : raw('')}.`;
    case 'resolved':
      return md`${mark}${note || raw(': the workload recovered')}.`;
    default:
      return md`${mark}${note}`;
  }
}

/** The fallback text: what a notification or an old client shows. */
export function incidentFallback(view: IncidentView): Mrkdwn {
  const i = view.incident;
  return md`[Clopus #${i.id}] ${untrusted(i.reason, 40)} in ${workload(i)} (namespace ${untrusted(i.namespace, 63)}, cluster ${untrusted(i.cluster, 63)}): ${text(STATE_WORDS[i.state])}`;
}

export function renderIncident(view: IncidentView): SlackMessage {
  const i = view.incident;
  const closed = (CLOSED_STATES as readonly string[]).includes(i.state);
  const restartsNow = i.pods.reduce((n, p) => n + p.restarts, 0);
  const blocks: Block[] = [
    header(`${closed ? '✅' : '🚨'} ${i.reason} · ${i.workloadKind.toLowerCase()}/${i.workloadName}`),
    section(untrusted(i.message, 600)),
    fields([
      md`*Workload*\n${workload(i)}`,
      md`*Namespace · cluster*\n${untrusted(i.namespace, 63)} · ${untrusted(i.cluster, 63)}`,
      md`*Pods affected*\n${i.pods.length}${
        i.pods.length > 0
          ? md` (${join(
              i.pods.slice(0, 3).map((p) => untrusted(p.name, 80)),
              ', ',
            )}${raw(i.pods.length > 3 ? ', …' : '')})`
          : raw('')
      }`,
      md`*Restarts · last exit*\n${Math.max(i.restarts, restartsNow)} · ${text(lastExit(view))}`,
      md`*Age*\nfirst seen ${date(i.firstSeenAt, '{ago}')}`,
      md`*Container*\n${untrusted(i.container ?? '—', 63)}`,
    ]),
  ];
  if (i.manager) blocks.push(context([md`:package: ${untrusted(i.manager.description, 300)}`]));
  const diagnosis = diagnosisText(view);
  if (diagnosis) blocks.push(section(md`*Diagnosis*\n${diagnosis}`));
  const evidence = view.evidence ? evidenceSection(view.evidence) : '';
  if (evidence) blocks.push(section(evidence));
  blocks.push(section(statusLine(view)));
  blocks.push(
    context([
      md`Incident #${i.id} · \`/clopus show ${i.id}\`${i.reopenCount > 0 ? md` · reopened ${i.reopenCount}×` : raw('')}`,
    ]),
  );
  return message(incidentFallback(view), blocks);
}
