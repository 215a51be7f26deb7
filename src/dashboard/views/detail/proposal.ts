// The diagnosis and the proposal: root cause, confidence and risk, each action with its reason, and the diff.
import { sanitizeShort } from '../../../redact/index.js';
import type { Diagnosis, ProposalRecord } from '../../../store/index.js';
import { type ProposalActionView, ProposalView } from '../../schema.js';
import { absolute, duration } from '../format.js';
import { type Html, html } from '../html.js';
import { chip } from '../states.js';
import { diffView } from './diff.js';
import { isModelRun } from './usage.js';

/** Model text, as Slack and the CLI show it: redacted, without control characters or bidi overrides, bounded. */
const shown = (text: string, max = 2000): string => sanitizeShort(text, max);

const LEVEL_TONE = { low: 'green', medium: 'amber', high: 'red' } as const;

function level(name: string, value: string | undefined, invert = false): Html | '' {
  if (!value) return '';
  const tone = LEVEL_TONE[value as keyof typeof LEVEL_TONE] ?? 'plain';
  // High confidence is good news; high risk is not.
  const shown = invert ? ({ green: 'red', red: 'green', amber: 'amber', plain: 'plain' } as const)[tone] : tone;
  return chip(`${name}: ${value}`, shown);
}

const LONG_ARGV = 1500;

function target(a: ProposalActionView): string {
  switch (a.type) {
    case 'edit_file':
      return `${a.path ?? '?'} in ${a.pod ?? '?'}/${a.container ?? '?'}`;
    case 'exec': {
      // A line is shown whole or not at all: a long argv points at the diff, where it is one word per line.
      const argv = (a.argv ?? []).join(' ');
      return `${argv.length > LONG_ARGV ? `an argv of ${a.argv?.length ?? 0} words, shown whole in the diff,` : argv} in ${a.pod ?? '?'}/${a.container ?? '?'}`;
    }
    case 'restart_pod':
      return `pod ${a.pod ?? '?'}`;
    case 'patch_workload':
      return `${a.kind ?? 'workload'} ${a.name ?? ''}`.trim();
    default:
      return '';
  }
}

const PROPOSAL_TONE: Record<string, 'blue' | 'green' | 'red' | 'gray' | 'orange' | 'teal'> = {
  pending: 'blue',
  approved: 'teal',
  applied: 'green',
  rejected: 'gray',
  expired: 'gray',
  superseded: 'gray',
  withdrawn: 'gray',
  apply_failed: 'red',
  rolled_back: 'orange',
};

/** `recovered`: the workload got well on its own, so a missing diagnosis will not come. */
export function diagnosisView(
  diagnoses: readonly Diagnosis[],
  proposal: ProposalRecord | undefined,
  recovered = false,
): Html {
  const latest = diagnoses.at(-1);
  const view = proposal ? ProposalView.parse({ summary: proposal.summary, actions: proposal.actions }) : undefined;
  const rootCause = view?.summary.rootCause === undefined ? undefined : shown(view.summary.rootCause);
  if (!latest && !rootCause)
    return html`<div class="empty small">${recovered ? 'Not diagnosed: the workload recovered first.' : 'Not diagnosed yet.'}</div>`;
  return html`<div class="diagnosis">
${rootCause ? html`<p class="root-cause">${rootCause}</p>` : ''}
${view ? html`<div class="chips">${level('confidence', view.summary.confidence, true)} ${level('risk', view.summary.risk)}</div>` : ''}
${latest?.explanation && latest.explanation.trim() !== rootCause?.trim() ? html`<p class="explanation">${shown(latest.explanation, 4000)}</p>` : ''}
${latest?.status === 'failed' && latest.error ? html`<div class="callout error"><strong>The diagnosis failed.</strong> ${shown(latest.error, 4000)}</div>` : ''}
${latest?.status === 'no_fix' && !latest.explanation ? html`<p class="muted">The planner found no safe fix.</p>` : ''}
${latest?.status === 'running' ? html`<p class="muted">A ${latest.planner} planner has been working on it since ${absolute(latest.startedAt)}.</p>` : ''}
${latest && latest.status !== 'running' && latest.planner === 'runbook' && !isModelRun(latest) ? html`<p class="muted small planner-line">By the built-in runbooks${latest.durationMs === null ? '' : ` in ${duration(latest.durationMs)}`}, with no model call.</p>` : ''}
</div>`;
}

/** Every byte of an action's target is shown: an exec argv is what will run, so it is never cut. */
const WHOLE = 1_000_000;

/** The envelope's class and fields per action (seq → line), from the stored proposal; none for older ones. */
function classLines(classes: unknown): Map<number, string> {
  const lines = new Map<number, string>();
  if (!Array.isArray(classes)) return lines;
  for (const c of classes as Array<{ seq?: unknown; changeClass?: unknown; fields?: unknown }>) {
    if (typeof c?.seq !== 'number' || typeof c.changeClass !== 'string' || !Array.isArray(c.fields)) continue;
    lines.set(c.seq, `class ${c.changeClass} · changes ${c.fields.map(String).join(', ')}`);
  }
  return lines;
}

export interface ProposalViewOptions {
  /** How many proposals came before it (said only when the page shows this one alone). */
  older?: number;
  /** What became of it: "Rejected by … : reason" (history.ts). */
  fate?: Html | '';
  /** An earlier proposal: its diff folds away, since only the latest can still be decided. */
  folded?: boolean;
}

export function proposalView(proposal: ProposalRecord | undefined, opts: ProposalViewOptions = {}): Html {
  if (!proposal) return html`<div class="empty small">No fix has been proposed.</div>`;
  const view = ProposalView.parse({ summary: proposal.summary, actions: proposal.actions });
  const classes = classLines(proposal.classes);
  const older = opts.older ?? 0;
  const diff = diffView(proposal.diff);
  return html`<div class="proposal" id="proposal-${proposal.id}">
<div class="proposal-head">${chip(proposal.status.replace('_', ' '), PROPOSAL_TONE[proposal.status] ?? 'plain')} <span class="muted">Proposal ${proposal.id} · ${absolute(proposal.createdAt)}${older > 0 ? ` · replaces ${older} earlier` : ''}</span></div>
${opts.fate ?? ''}
${view.actions.length > 0 ? html`<ol class="actions">${view.actions.map((a, i) => html`<li><span class="mono strong">${a.type}</span> <span class="mono">${shown(target(a), WHOLE)}</span>${classes.has(i + 1) ? html`<div class="mono small">${shown(classes.get(i + 1)!, WHOLE)}</div>` : ''}${a.reason ? html`<div class="muted">${shown(a.reason, 500)}</div>` : ''}</li>`)}</ol>` : ''}
${opts.folded ? html`<details class="folded-diff"><summary>Diff of proposal ${proposal.id}</summary>${diff}</details>` : diff}
</div>`;
}
