// The audit trail as a timeline: every transition and notable event, who did it, and its details.
import type { AuditEntry } from '../../../store/index.js';
import { absolute } from '../format.js';
import { html, type Html } from '../html.js';
import { badge } from '../states.js';
import { detailView } from './json-detail.js';

/** "pods_changed" → "Pods changed" */
function sentence(action: string): string {
  const words = action.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function move(a: AuditEntry): Html {
  if (a.toState === null) return html`<span class="event-name">${sentence(a.action)}</span>`;
  const named = a.action !== a.toState ? html` <span class="muted">(${a.action.replace(/_/g, ' ')})</span>` : '';
  return a.fromState ? html`${badge(a.fromState)} <span class="arrow">→</span> ${badge(a.toState)}${named}` : html`${badge(a.toState)}${named}`;
}

export function timelineView(audit: readonly AuditEntry[]): Html {
  if (audit.length === 0) return html`<div class="empty small">No history.</div>`;
  return html`<ol class="timeline">${audit.map((a) => html`<li class="${a.toState === null ? 'event' : 'move'}">
  <div class="tl-when"><time datetime="${a.at}">${absolute(a.at)}</time></div>
  <div class="tl-what">${move(a)} <span class="muted">by</span> <span class="actor">${a.actor}</span></div>
  ${detailView(a.detail)}
</li>`)}</ol>`;
}
