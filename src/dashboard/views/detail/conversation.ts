// The incident's conversation: questions people asked Clopus in its Slack thread (or a DM naming it), and what
// Claude answered, or why it did not, with what each answer cost. Stored redacted; shown as text.
import { sanitize, sanitizeBlock } from '../../../present/index.js';
import type { Answer } from '../../../store/index.js';
import { absolute } from '../format.js';
import { type Html, html } from '../html.js';
import { chip } from '../states.js';
import { dollars } from './usage.js';

const STATUS = {
  answered: { label: 'answered', tone: 'green' },
  failed: { label: 'not answered', tone: 'red' },
  refused: { label: 'refused', tone: 'gray' },
} as const;

function body(a: Answer): Html {
  if (a.status === 'answered' && a.answer !== null)
    return html`<div class="answer-text">${sanitizeBlock(a.answer)}</div>`;
  const why = a.reason ?? (a.status === 'refused' ? 'Refused.' : 'The answer failed.');
  return html`<div class="answer-text answer-${a.status}">${sanitizeBlock(why)}</div>`;
}

function one(a: Answer): Html {
  const status = STATUS[a.status];
  // A refused question ran no model: it cost nothing, and saying "$0.0000" would suggest it had.
  const cost = a.status === 'refused' ? '' : html` <span class="muted small">· ${dollars(a.costUsd)}</span>`;
  return html`<li class="answer" id="answer-${a.id}">
  <div class="answer-head"><span class="actor">${sanitize(a.askedBy)}</span> <span class="muted">asked at</span> <time datetime="${a.createdAt}">${absolute(a.createdAt)}</time> ${chip(status.label, status.tone)}${cost}</div>
  <div class="question">${sanitizeBlock(a.question)}</div>
  ${body(a)}
</li>`;
}

export function conversationView(answers: readonly Answer[]): Html {
  if (answers.length === 0) return html`<div class="empty small">Nobody has asked about this incident.</div>`;
  return html`<ol class="conversation">${answers.map(one)}</ol>`;
}
