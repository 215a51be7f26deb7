// `/clopus …` text → a command, or a sentence saying what is wrong. Pure: no Slack, no store.
import { type IncidentState, STATES } from '../../core/index.js';
import { MAX_REASON_CHARS, MAX_REQUEST_CHARS } from '../ids.js';

export type Command =
  | { name: 'help' }
  | { name: 'scan'; namespaces: string[] }
  | { name: 'status' }
  | { name: 'list'; filter: IncidentState | 'live' | 'all' }
  | { name: 'show' | 'approve' | 'rollback'; id: number }
  | { name: 'reject'; id: number; reason?: string }
  | { name: 'revise'; id: number; request: string }
  | { name: 'pause'; reason?: string }
  | { name: 'resume' }
  | { name: 'policy' };

export type ParsedCommand = { ok: true; command: Command } | { ok: false; error: string };

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBCOMMANDS = [
  'help',
  'scan',
  'status',
  'list',
  'show',
  'approve',
  'reject',
  'revise',
  'rollback',
  'pause',
  'resume',
  'policy',
] as const;
/** As the Reject and Request changes modals allow. */
const MAX_REASON = MAX_REASON_CHARS;
const MAX_REQUEST = MAX_REQUEST_CHARS;

/** Slack sends &, < and > escaped in command text; the reason is stored as typed and escaped again when shown. */
const unescapeSlack = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const fail = (error: string): ParsedCommand => ({ ok: false, error });
const ok = (command: Command): ParsedCommand => ({ ok: true, command });

function incidentId(word: string | undefined, sub: string): number | string {
  if (word === undefined) return `${sub} needs an incident ID, e.g. "${sub} 12".`;
  const m = /^#?(\d{1,9})$/.exec(word);
  const id = m ? Number(m[1]) : NaN;
  return Number.isInteger(id) && id >= 1
    ? id
    : `"${word}" is not an incident ID; use the number shown as #12 on the incident.`;
}

/** Everything after the first `n` words, as typed (inner spacing kept). */
function restAfter(text: string, n: number): string {
  let rest = text.trim();
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest.trim();
}

export function parseCommand(input: string): ParsedCommand {
  const text = unescapeSlack(input ?? '').replace(/\s+$/, '');
  const words = text.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? 'help').toLowerCase();
  const args = words.slice(1);
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) return fail(`Unknown subcommand "${words[0]}".`);
  const noArgs = (command: Command): ParsedCommand =>
    args.length > 0 ? fail(`${sub} takes no arguments.`) : ok(command);
  switch (sub as (typeof SUBCOMMANDS)[number]) {
    case 'help':
      return ok({ name: 'help' });
    case 'status':
      return noArgs({ name: 'status' });
    case 'policy':
      return noArgs({ name: 'policy' });
    case 'resume':
      return noArgs({ name: 'resume' });
    case 'scan': {
      const bad = args.find((a) => !NAMESPACE.test(a));
      if (bad !== undefined) return fail(`"${bad}" is not a namespace name.`);
      return ok({ name: 'scan', namespaces: [...new Set(args)] });
    }
    case 'list': {
      if (args.length > 1) return fail('list takes at most one state.');
      const filter = (args[0] ?? 'live').toLowerCase();
      if (filter !== 'live' && filter !== 'all' && !(STATES as readonly string[]).includes(filter)) {
        return fail(`"${args[0]}" is not a state; use live, all or one of: ${STATES.join(', ')}.`);
      }
      return ok({ name: 'list', filter: filter as IncidentState | 'live' | 'all' });
    }
    case 'show':
    case 'approve':
    case 'rollback': {
      if (args.length > 1) return fail(`${sub} takes one incident ID.`);
      const id = incidentId(args[0], sub);
      return typeof id === 'number' ? ok({ name: sub as 'show' | 'approve' | 'rollback', id }) : fail(id);
    }
    case 'reject': {
      const id = incidentId(args[0], sub);
      if (typeof id !== 'number') return fail(id);
      const reason = restAfter(text, 2);
      if (reason.length > MAX_REASON) return fail(`The reason is too long (at most ${MAX_REASON} characters).`);
      return ok({ name: 'reject', id, ...(reason ? { reason } : {}) });
    }
    case 'revise': {
      const id = incidentId(args[0], sub);
      if (typeof id !== 'number') return fail(id);
      const request = restAfter(text, 2);
      if (!request) return fail(`revise needs what should change, e.g. "revise ${id} use 256Mi, not 128Mi".`);
      if (request.length > MAX_REQUEST) return fail(`The request is too long (at most ${MAX_REQUEST} characters).`);
      return ok({ name: 'revise', id, request });
    }
    case 'pause': {
      const reason = restAfter(text, 1);
      if (reason.length > MAX_REASON) return fail(`The reason is too long (at most ${MAX_REASON} characters).`);
      return ok({ name: 'pause', ...(reason ? { reason } : {}) });
    }
  }
}
