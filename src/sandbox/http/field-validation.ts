// fieldValidation (Strict | Warn | Ignore, default Warn): what the API server does with fields its schema does not
// declare. Strict refuses them, in the decoder's words; Warn and Ignore drop them, Warn with a `Warning` header.
import type { ServerResponse } from 'node:http';
import type { ResourceDef } from '../kinds.js';
import { hasSchema, type UnknownField, unknownFields } from '../schema/index.js';
import type { KubeObject } from '../types.js';
import { StatusError } from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const ALLOWED = ['', 'Ignore', 'Strict', 'Warn'];

/** The request's directive; an unsupported one is refused as the options' validation refuses it. */
export function fieldValidation(
  query: URLSearchParams,
  options: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
): FieldValidation {
  const value = query.get('fieldValidation') ?? '';
  if (!ALLOWED.includes(value)) {
    const message = `Unsupported value: ${goQuote(value)}: supported values: ${ALLOWED.map(goQuote).join(', ')}`;
    throw new StatusError(422, 'Invalid', `${options}.meta.k8s.io "" is invalid: fieldValidation: ${message}`, {
      group: 'meta.k8s.io',
      kind: options,
      causes: [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }],
    });
  }
  return value === '' ? 'Warn' : (value as FieldValidation);
}

/** Go's strconv.Quote, near enough: how Go prints a string with %q. */
export function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\\(\\|u00([01][0-9a-f]))/g, (all, _, hex?: string) => (hex ? `\\x${hex}` : all));
}

/** Go's %+v of a decoded JSON value: `map[a:1 b:[x y]]`, keys sorted, as the patch handler prints a patch. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Fields of `obj` undeclared by the schema and not already in `old` (stored objects are the server's own). */
function newlyUnknown(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined): UnknownField[] {
  const kind = def.storedAs ?? def.kind;
  if (!hasSchema(kind)) return [];
  const before = new Set(old ? unknownFields(kind, old).map((u) => u.path) : []);
  return unknownFields(kind, obj).filter((u) => !before.has(u.path));
}

function strictError(unknown: UnknownField[]): string {
  return `strict decoding error: ${unknown.map((u) => `unknown field ${goQuote(u.path)}`).join(', ')}`;
}

/** Drops the fields (a real decoder never stores them) and, under Warn, says so in `Warning` headers. */
function drop(unknown: UnknownField[], directive: FieldValidation, res: ServerResponse): void {
  for (const u of unknown) delete u.holder[u.key];
  if (directive !== 'Warn') return;
  const previous = res.getHeader('Warning');
  const warnings = Array.isArray(previous) ? previous : previous === undefined ? [] : [String(previous)];
  res.setHeader('Warning', [
    ...warnings,
    ...unknown.map((u) => `299 - ${goQuote(`unknown field ${goQuote(u.path)}`)}`),
  ]);
}

/** A create or update body: Strict refuses undeclared fields with 400 BadRequest, as the decoder does. */
export function checkBody(
  def: ResourceDef,
  obj: KubeObject,
  directive: FieldValidation,
  res: ServerResponse,
  old?: KubeObject,
): void {
  const unknown = newlyUnknown(def, obj, old);
  if (unknown.length === 0) return;
  if (directive === 'Strict')
    throw StatusError.badRequest(
      `${def.kind} in version ${goQuote(def.version)} cannot be handled as a ${def.kind}: ${strictError(unknown)}`,
    );
  drop(unknown, directive, res);
}

/**
 * A patched object: Strict refuses undeclared fields with 422 Invalid on the field `patch`, whose value is the
 * patch as Go prints it (strategic merge) or the patched object's JSON (JSON and merge patches).
 */
export function checkPatched(
  def: ResourceDef,
  patched: KubeObject,
  old: KubeObject,
  shown: () => string,
  directive: FieldValidation,
  res: ServerResponse,
): void {
  const unknown = newlyUnknown(def, patched, old);
  if (unknown.length === 0) return;
  if (directive === 'Strict') {
    const message = `Invalid value: ${goQuote(shown())}: ${strictError(unknown)}`;
    throw new StatusError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
      causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
    });
  }
  drop(unknown, directive, res);
}
