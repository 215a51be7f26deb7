// Which fields of an object its schema does not declare: what a real API server drops (and warns about), or
// refuses under fieldValidation=Strict.
import type { Fields } from '../types.js';
import { FIELDS } from './fields.js';

/** One undeclared field: its path as the API server spells it (`spec.template.spec.containers[0].debugShell`). */
export interface UnknownField {
  path: string;
  holder: Fields;
  key: string;
}

const parsed = new Map<string, Map<string, string | undefined>>();

function fieldsOf(type: string): Map<string, string | undefined> | undefined {
  const cached = parsed.get(type);
  if (cached) return cached;
  const text = FIELDS[type];
  if (text === undefined) return undefined;
  const fields = new Map(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((f) => {
        const [name = '', child] = f.split(':');
        return [name, child] as const;
      }),
  );
  parsed.set(type, fields);
  return fields;
}

function walk(type: string, value: unknown, path: string, out: UnknownField[]): void {
  const fields = fieldsOf(type);
  if (!fields) return;
  if (Array.isArray(value)) {
    value.forEach((el, i) => {
      walk(type, el, `${path}[${i}]`, out);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value as Fields)) {
    const at = path ? `${path}.${key}` : key;
    if (!fields.has(key)) out.push({ path: at, holder: value as Fields, key });
    else {
      const type = fields.get(key);
      if (type) walk(type, child, at, out);
    }
  }
}

/** The fields of `obj` (an object of `kind`) that its schema does not declare, in document order. */
export function unknownFields(kind: string, obj: unknown): UnknownField[] {
  const out: UnknownField[] = [];
  walk(kind, obj, '', out);
  return out;
}

/** Whether the sandbox knows the schema of `kind` (and so checks its fields). */
export function hasSchema(kind: string): boolean {
  return FIELDS[kind] !== undefined;
}
