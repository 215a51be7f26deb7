// A reviewer's "Request changes" as the runbooks can read it: one memory quantity for an OOM-killed container.
// Anything else needs a model; the runbooks say so rather than guess.
import type { PlannerIncident, RevisionContext } from '../claude/types.js';
import { parseMemory } from './quantity.js';

export const UNREADABLE_REVISION =
  "Runbooks can only apply a memory quantity from a reviewer's request; with model credentials Claude Code would revise it.";

/** A memory quantity the reviewer asked for, as Kubernetes writes it. */
export interface RequestedMemory {
  quantity: string;
  bytes: number;
  revision: number;
  /** The superseded proposal set a memory request too, so the revised one does. */
  setsRequest: boolean;
}

// 256Mi, 1 Gi, 512MiB, 2gi; 256M, 1G, 512MB. Never a bare lowercase m (millibytes) or k (counts, "10k requests").
const QUANTITY = /(?<![\w.])(\d+(?:\.\d+)?) ?(?:([kmgt])i|([kmgt])b|([MGT]))(?:b|ib)?(?![\w])/gi;
/** Words before a quantity that name what the reviewer does not want ("not 128Mi", "from 128Mi to 256Mi"). */
const NEGATED = /(?:\bnot|\binstead of|\brather than|\bthan|\bfrom|\bwas|\bcurrently)\s*$/i;

function normalised(m: RegExpExecArray): string | undefined {
  const [, number, binary, decimalB, decimal] = m;
  if (binary) return `${number}${binary.toUpperCase()}i`;
  const unit = decimalB ?? decimal;
  if (!unit || (decimal && decimal !== decimal.toUpperCase())) return undefined;
  return `${number}${unit.toLowerCase() === 'k' ? 'k' : unit.toUpperCase()}`;
}

/** Words before the quantity a reviewer asks for ("use 256Mi", "make it 1Gi", "raise it to 512Mi"). */
const ASKED = /(?:\buse|\bset(?: it)?(?: to)?|\bmake it|\bgo with|\btry|\bto)\s*$/i;

/**
 * The one memory quantity a request names, leaving out those it turns down; undefined for none, or for several of
 * which not exactly one is asked for in so many words ("use 256Mi — 128Mi is still too low" names 256Mi).
 */
export function requestedQuantity(request: string): { quantity: string; bytes: number } | undefined {
  const wanted = new Map<number, { quantity: string; asked: boolean }>();
  for (const m of request.matchAll(QUANTITY)) {
    const quantity = normalised(m);
    const before = request.slice(Math.max(0, m.index - 24), m.index);
    if (!quantity || NEGATED.test(before)) continue;
    const bytes = parseMemory(quantity);
    if (bytes === undefined || bytes <= 0) continue;
    const asked = ASKED.test(before) || wanted.get(bytes)?.asked === true;
    wanted.set(bytes, { quantity: wanted.get(bytes)?.quantity ?? quantity, asked });
  }
  const all = [...wanted];
  const asked = all.filter(([, w]) => w.asked);
  const [only, ...more] = all.length === 1 ? all : asked;
  return only && more.length === 0 ? { bytes: only[0], quantity: only[1].quantity } : undefined;
}

/** Whether a proposal's actions set a memory request (a patch's object, or a manifest's YAML text). */
function setsMemoryRequest(value: unknown): boolean {
  if (typeof value === 'string') return /\brequests:\s*\n(?:\s+\S.*\n)*?\s+memory:/.test(value);
  if (Array.isArray(value)) return value.some(setsMemoryRequest);
  if (typeof value !== 'object' || value === null) return false;
  const obj = value as Record<string, unknown>;
  const requests = obj.requests;
  if (typeof requests === 'object' && requests !== null && 'memory' in requests) return true;
  return Object.values(obj).some(setsMemoryRequest);
}

/** What the OOM runbook applies for a revision, or undefined when it cannot read one. */
export function requestedMemory(incident: PlannerIncident, revision: RevisionContext): RequestedMemory | undefined {
  if (incident.reason !== 'OOMKilled') return undefined;
  const q = requestedQuantity(revision.request);
  if (!q) return undefined;
  return { ...q, revision: revision.number, setsRequest: setsMemoryRequest(revision.previous.actions) };
}

/** Why the runbooks cannot revise the proposal, in sentences. */
export function unreadableRevision(incident: PlannerIncident): string {
  const what =
    incident.reason === 'OOMKilled'
      ? 'The reviewer\'s request names no single memory quantity (such as "use 256Mi").'
      : `The reviewer asked for changes to a fix for ${incident.reason}.`;
  return `${what} ${UNREADABLE_REVISION}`;
}
