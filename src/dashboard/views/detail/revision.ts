// One revision between two proposals: who asked for changes, when, in their words, and what changed in the diff.

import type { IncidentState } from '../../../core/index.js';
import { sanitize, sanitizeBlock } from '../../../present/index.js';
import type { Diagnosis, Revision } from '../../../store/index.js';
import { absolute } from '../format.js';
import { type Html, html } from '../html.js';

/** "10:04 UTC", with the whole time on hover: the proposals around it carry their dates. */
function clockTime(iso: string): Html {
  const ms = Date.parse(iso);
  const short = Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(11, 16)} UTC`;
  return html`<time datetime="${iso}" title="${absolute(iso)}">${short}</time>`;
}

const CHANGE_KIND = (line: string): string => (line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx');

function changesView(lines: readonly string[]): Html {
  if (lines.length === 0)
    return html`<div class="what-changed"><span class="label">What changed:</span> <span class="muted">nothing in the diff; the revised proposal is the same change.</span></div>`;
  return html`<div class="what-changed"><span class="label">What changed:</span>
<pre class="changes" tabindex="0">${lines.map((l) => html`<span class="cl cl-${CHANGE_KIND(l)}">${l === '' ? ' ' : sanitizeBlock(l)}</span>`)}</pre></div>`;
}

/** Why there is no revised proposal (yet): its diagnosis is running, found nothing, failed, or never started. */
function pendingView(diagnosis: Diagnosis | undefined, state: IncidentState): Html {
  const line = (text: string) => html`<div class="what-changed muted">${text}</div>`;
  if (diagnosis?.status === 'no_fix') return line('The revised diagnosis found no safe fix to propose.');
  if (diagnosis?.status === 'failed') return line('The revised diagnosis failed; no revised proposal was made.');
  if (diagnosis?.status === 'proposed') return line('The revised proposal was not offered: the incident moved on.');
  if (state === 'revising' || state === 'diagnosing') return line('A revised proposal is being prepared.');
  return line('No revised proposal was made: the incident moved on first.');
}

export interface RevisionViewInput {
  revision: Revision;
  /** revisionChanges(superseded diff, revised diff), when the revised proposal exists. */
  changes: readonly string[] | undefined;
  diagnosis: Diagnosis | undefined;
  state: IncidentState;
}

export function revisionView({ revision: r, changes, diagnosis, state }: RevisionViewInput): Html {
  const via = r.via === 'cli' ? html` <span class="muted">(from the CLI)</span>` : '';
  return html`<div class="revision" id="revision-${r.number}">
<div class="revision-line"><strong>Revision ${r.number}</strong> — changes requested by <span class="actor">${sanitize(r.requestedBy)}</span> at ${clockTime(r.createdAt)}${via}: <span class="request">“${sanitize(r.request)}”</span></div>
${changes === undefined ? pendingView(diagnosis, state) : changesView(changes)}
</div>`;
}
