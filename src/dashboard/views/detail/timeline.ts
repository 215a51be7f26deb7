// The audit trail as a timeline: every transition and notable event, who did it, and what it did — the same facts,
// in the same words, as `clopus show` prints (src/present/).

import { actionLabel, at, auditFacts, factLines, moveNote, sanitize } from '../../../present/index.js';
import type { AuditEntry } from '../../../store/index.js';
import { type Html, html } from '../html.js';
import { badge } from '../states.js';
import { parseJson } from './json-detail.js';

/** How a question's audit row reads, by how it went (store/answers.ts writes the status in the detail). */
const ANSWER_LABEL: Record<string, string> = {
  answered: 'Question answered',
  failed: 'Question not answered',
  refused: 'Question refused',
};

/** Issue 15's actions read as what happened, not as the verb the button said. */
function eventLabel(a: AuditEntry): string {
  if (a.action === 'answer') {
    const status = (parseJson(a.detail) as { status?: unknown } | undefined)?.status;
    return ANSWER_LABEL[typeof status === 'string' ? status : 'answered'] ?? ANSWER_LABEL.answered!;
  }
  return actionLabel(a.action);
}

function move(a: AuditEntry): Html {
  if (a.toState === null) return html`<span class="event-name">${eventLabel(a)}</span>`;
  const note = a.action === 'request_changes' ? 'changes requested' : moveNote(a.action, a.toState);
  const named = note ? html` <span class="muted">(${note})</span>` : '';
  return a.fromState
    ? html`${badge(a.fromState)} <span class="arrow">→</span> ${badge(a.toState)}${named}`
    : html`${badge(a.toState)}${named}`;
}

export function timelineView(audit: readonly AuditEntry[]): Html {
  if (audit.length === 0) return html`<div class="empty small">No history.</div>`;
  return html`<ol class="timeline">${audit.map(
    (a) => html`<li class="${a.toState === null ? 'event' : 'move'}">
  <div class="tl-when"><time datetime="${a.at}">${at(a.at)}</time></div>
  <div class="tl-what">${move(a)} <span class="muted">by</span> <span class="actor">${sanitize(a.actor)}</span></div>
  ${factLines(auditFacts(a.action, a.detail)).map((line) => html`<div class="detail-text">${line}</div>`)}
</li>`,
  )}</ol>`;
}
