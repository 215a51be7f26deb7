// An audit entry's detail (free text, or JSON written by whichever module made the move) as short facts a person
// reads: "proposal 2", "process 28885 on host vm", "1. patch_workload applied: patched deployment/cache".
import { clip } from './sanitize.js';
import { at, isIsoTime } from './time.js';

/** A fact longer than this is cut: details can carry cluster text (a pod's message), which has no bound. */
const MAX_FACT = 500;

type Fields = Record<string, unknown>;
type Rule = (value: unknown, fields: Fields, action: string) => string | readonly string[] | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const labelled =
  (label: string) =>
  (v: unknown): string | undefined =>
    isEmpty(v) ? undefined : `${label}: ${value(v)}`;
const text: Rule = (v) => (isEmpty(v) ? undefined : value(v));

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** "costUsd" → "cost usd", "windowSeconds" → "window seconds" */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** Any JSON value as words: times read as times, lists as lists, objects as "key value" pairs. */
function value(v: unknown): string {
  if (typeof v === 'string') return isIsoTime(v) ? at(v) : v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v))
    return v
      .filter((x) => !isEmpty(x))
      .map(value)
      .join(', ');
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Fields)
      .filter(([, x]) => !isEmpty(x))
      .map(([k, x]) => `${words(k)} ${value(x)}`)
      .join(', ');
  }
  return '';
}

/** One applied or rolled-back action: "1. patch_workload applied: patched deployment/cache". */
function actionLine(a: unknown, i: number): string {
  if (typeof a !== 'object' || a === null) return `${i + 1}. ${value(a)}`;
  const { seq, kind, type, status, detail, ...rest } = a as Fields;
  const head = [`${num(seq) ?? i + 1}.`, str(kind) ?? str(type), str(status)?.replace(/_/g, ' ')]
    .filter(Boolean)
    .join(' ');
  const tail = [str(detail), value(rest)].filter(Boolean).join('; ');
  return tail ? `${head}: ${tail}` : head;
}

/** Keys that read better said their own way; any other key reads as "key words: value". */
const RULES: Record<string, Rule> = {
  proposalId: (v) => (num(v) === undefined ? undefined : `proposal ${v as number}`),
  attempt: (v) => (num(v) === undefined ? undefined : `attempt ${v as number}`),
  planner: labelled('planner'),
  runbook: labelled('runbook'),
  model: labelled('model'),
  costUsd: (v) => (num(v) ? `cost $${(v as number).toFixed(4)}` : undefined),
  rootCause: labelled('root cause'),
  confidence: labelled('confidence'),
  risk: labelled('risk'),
  actions: (v) =>
    Array.isArray(v) && v.some((a) => typeof a === 'object' && a !== null) ? v.map(actionLine) : labelled('actions')(v),
  actionsRecorded: (v) => (num(v) === undefined ? undefined : `${v as number} action${v === 1 ? '' : 's'} recorded`),
  process: (v) => {
    const p = (typeof v === 'object' && v !== null ? v : {}) as Fields;
    return num(p.pid) === undefined
      ? undefined
      : `process ${p.pid as number}${str(p.host) ? ` on host ${p.host as string}` : ''}`;
  },
  via: (v) => (str(v) ? `via ${v as string}` : undefined),
  since: (v) => (str(v) ? `since ${value(v)}` : undefined),
  windowSeconds: (v) => (num(v) === undefined ? undefined : `verification window ${v as number} s`),
  verdict: (v, _, action) => (v === action ? undefined : labelled('verdict')(v)),
  detail: text,
  reason: text,
  explanation: text,
  retry: text,
  skipped: labelled('skipped'),
  rule: labelled('policy rule'),
  classes: labelled('change classes'),
  added: labelled('pods added'),
  removed: labelled('pods removed'),
  firstBy: (v, f) =>
    str(v) ? `first requested by ${v as string}${str(f.firstAt) ? ` at ${value(f.firstAt)}` : ''}` : undefined,
  firstAt: (_, f) => (str(f.firstBy) ? undefined : labelled('first requested at')(f.firstAt)),
};

function parse(detail: string): unknown {
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

/**
 * The detail of an audit entry as facts, one line each, in the order the detail lists them; control characters and
 * terminal escapes never survive, and a long fact is cut. Free text is one fact; JSON objects are read key by key.
 */
export function auditFacts(action: string, detail: string | null | undefined): string[] {
  if (detail === null || detail === undefined || detail.trim() === '') return [];
  const parsed = parse(detail);
  let facts: string[];
  if (typeof parsed !== 'object' || parsed === null) facts = [typeof parsed === 'string' ? parsed : String(parsed)];
  else if (Array.isArray(parsed)) facts = parsed.map(actionLine);
  else {
    facts = [];
    const fields = parsed as Fields;
    for (const [key, v] of Object.entries(fields)) {
      const rule = Object.hasOwn(RULES, key) ? RULES[key]! : labelled(words(key));
      const out = rule(v, fields, action);
      if (out !== undefined) facts.push(...(typeof out === 'string' ? [out] : out));
    }
  }
  return facts.map((f) => clip(f, MAX_FACT)).filter((f) => f !== '');
}

/** Short facts share a line (" · " between them, up to `width` characters); a long one, or an action's, has its own. */
export function factLines(facts: readonly string[], width = 100): string[] {
  const lines: string[] = [];
  const alone = (f: string) => /^\d+\. /.test(f) || f.length > width / 2;
  let line = '';
  for (const fact of facts) {
    if (line && !alone(fact) && !alone(line) && line.length + 3 + fact.length <= width) line += ` · ${fact}`;
    else {
      if (line) lines.push(line);
      line = fact;
    }
  }
  if (line) lines.push(line);
  return lines;
}
