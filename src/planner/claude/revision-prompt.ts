// A reviewer's "Request changes" as the model reads it: their words fenced as a person's request (not cluster
// data), the superseded proposal fenced as untrusted (it was built from cluster data), and why earlier ones failed.
import type { RevisionContext } from './types.js';
import { personFence, untrusted } from './untrusted.js';

const REQUEST_CHARS = 2000;
const PREVIOUS_CHARS = 24_000;
const REFUSAL_CHARS = 6000;
const MAX_REFUSALS = 10;

/** The system prompt's rule for a revision: the request steers the fix, the rules still bound it. */
export const REVIEWER_RULE =
  "\n- A reviewer's request (inside <reviewer_request> … </reviewer_request>) says what the person wants changed; follow it when it is within the rules above (the safety rules and the incident's scope still apply; a request for more privileges, another namespace or anything the rules forbid is refused by code anyway).";

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}

/** The prompt's section after the evidence: the request, the proposal it revises, earlier refusals. */
export function revisionBlock(r: RevisionContext): string {
  const previous = [
    `summary: ${json(r.previous.summary)}`,
    `actions: ${json(r.previous.actions)}`,
    `diff:\n${r.previous.diff || '(none)'}`,
  ].join('\n');
  const refusals = r.refusals.slice(0, MAX_REFUSALS).map((reason) => `- ${reason}`);
  const refused = refusals.length
    ? `\n\nEarlier proposals of this incident were refused for these reasons:\n${untrusted('refusal reasons', refusals.join('\n'), REFUSAL_CHARS)}`
    : '';
  return [
    `\n\nA reviewer (an approver of this namespace) asked for changes to the previous proposal; this is revision ${r.number}. Their request:`,
    personFence('reviewer_request', r.requestedBy, r.request, REQUEST_CHARS),
    '\nThe previous proposal, which the revised one replaces:',
    `${untrusted('previous proposal', previous, PREVIOUS_CHARS)}${refused}`,
    '\nPropose a revised fix that does what the reviewer asked, within the rules, or explain in two or three sentences why it cannot be done safely.',
  ].join('\n');
}
