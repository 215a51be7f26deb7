// RFC 6902 JSON Patch, with the error wording of the library the API server uses (evanphx/json-patch).
import { StatusError } from './http/status.js';

type Json = unknown;
type Container = Record<string, Json> | Json[];

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

function fail(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw fail(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token, and that token. */
function locate(doc: Json, pointer: string, op: string): [Container, string] {
  const parts = parsePointer(pointer);
  const last = parts.pop();
  if (last === undefined) throw fail(`${op} operation does not apply: doc is missing path: "${pointer}"`);
  let node: Json = doc;
  for (const part of parts) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, Json>)[part] : undefined;
    if (node === undefined)
      throw fail(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  if (node === null || typeof node !== 'object')
    throw fail(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  return [node as Container, last];
}

function arrayIndex(arr: Json[], token: string, pointer: string, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return arr.length;
  const i = Number(token);
  if (!/^\d+$/.test(token) || i > arr.length || (!allowEnd && i === arr.length))
    throw fail(`Unable to access invalid index: ${token}: invalid index referenced: "${pointer}"`);
  return i;
}

function get(doc: Json, pointer: string, op: string): Json {
  if (pointer === '') return doc;
  const [c, token] = locate(doc, pointer, op);
  const v = Array.isArray(c) ? c[arrayIndex(c, token, pointer, false)] : c[token];
  if (v === undefined) throw fail(`${op} operation does not apply: doc is missing key: ${pointer}: missing value`);
  return v;
}

function add(doc: Json, pointer: string, value: Json): void {
  const [c, token] = locate(doc, pointer, 'add');
  if (Array.isArray(c)) c.splice(arrayIndex(c, token, pointer, true), 0, value);
  else c[token] = value;
}

function remove(doc: Json, pointer: string, op = 'remove'): Json {
  const [c, token] = locate(doc, pointer, op);
  if (Array.isArray(c)) return c.splice(arrayIndex(c, token, pointer, false), 1)[0];
  if (!(token in c)) throw fail(`${op} operation does not apply: doc is missing key: ${pointer}: missing value`);
  const old = c[token];
  delete c[token];
  return old;
}

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, Json>)[k])]),
  );
}

/** Applies the operations to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops))
    throw StatusError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const out = structuredClone(doc);
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case 'add':
        add(out, raw.path, structuredClone(raw.value));
        break;
      case 'remove':
        remove(out, raw.path);
        break;
      case 'replace': {
        const [c, token] = locate(out, raw.path, 'replace');
        if (Array.isArray(c)) c[arrayIndex(c, token, raw.path, false)] = structuredClone(raw.value);
        else if (token in c) c[token] = structuredClone(raw.value);
        else throw fail(`replace operation does not apply: doc is missing key: ${raw.path}: missing value`);
        break;
      }
      case 'move':
        add(out, raw.path, remove(out, raw.from ?? '', 'move'));
        break;
      case 'copy':
        add(out, raw.path, structuredClone(get(out, raw.from ?? '', 'copy')));
        break;
      case 'test':
        if (!equal(get(out, raw.path, 'test'), raw.value)) throw fail(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw StatusError.badRequest(`Unexpected kind: ${String((raw as { op?: unknown }).op)}`);
    }
  }
  return out;
}
