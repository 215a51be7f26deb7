// The audit trail as a timeline: every transition and notable event, who did it, and what it did — the same facts,
// in the same words, as `clopus show` prints (src/present/).

import { actionLabel, at, auditFacts, factLines, moveNote, sanitize } from '../../../present/index.js';
import type { AuditEntry } from '../../../store/index.js';
import { type Html, html } from '../html.js';
import { badge } from '../states.js';

function move(a: AuditEntry): Html {
  if (a.toState === null) return html`<span class="event-name">${actionLabel(a.action)}</span>`;
  const note = moveNote(a.action, a.toState);
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
