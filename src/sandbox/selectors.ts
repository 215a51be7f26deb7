// labelSelector and fieldSelector parsing and matching, with the real API server's grammar and error wording.
import { StatusError } from './http/status.js';
import type { ResourceDef } from './kinds.js';
import type { KubeObject } from './types.js';

export type Matcher = (obj: KubeObject) => boolean;

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EXISTS = new RegExp(`^(${KEY})$`);
const NOT_EXISTS = new RegExp(`^!\\s*(${KEY})$`);
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const NUMERIC = new RegExp(`^(${KEY})\\s*(>|<)\\s*(-?\\d+)$`);

/** Splits on commas outside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

type LabelTest = (labels: Record<string, string>) => boolean;

function parseRequirement(req: string): LabelTest {
  let m = NOT_EXISTS.exec(req);
  if (m) {
    const key = m[1] ?? '';
    return (labels) => !(key in labels);
  }
  m = EXISTS.exec(req);
  if (m) {
    const key = m[1] ?? '';
    return (labels) => key in labels;
  }
  m = EQUALITY.exec(req);
  if (m) {
    const [, key = '', op, value = ''] = m;
    return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  m = SET.exec(req);
  if (m) {
    const [, key = '', op, list = ''] = m;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (labels) => key in labels && values.has(labels[key] ?? '')
      : (labels) => !(key in labels) || !values.has(labels[key] ?? '');
  }
  m = NUMERIC.exec(req);
  if (m) {
    const [, key = '', op, n = '0'] = m;
    const bound = Number(n);
    return (labels) => {
      const v = labels[key];
      if (v === undefined || !/^-?\d+$/.test(v)) return false;
      return op === '>' ? Number(v) > bound : Number(v) < bound;
    };
  }
  throw StatusError.badRequest(`unable to parse requirement: invalid label selector requirement: "${req}"`);
}

/** A matcher for `labelSelector`, or undefined when the selector selects everything. */
export function parseLabelSelector(selector: string | null | undefined): Matcher | undefined {
  if (!selector) return undefined;
  const tests = splitRequirements(selector).map(parseRequirement);
  if (tests.length === 0) return undefined;
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return tests.every((t) => t(labels));
  };
}

/** Matches a `matchLabels`-only selector (as in a workload's spec.selector) against labels. */
export function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

const ALIASES: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  reportingController: 'reportingComponent',
  source: 'source.component',
};

function fieldValue(obj: KubeObject, field: string): string {
  let value: unknown = obj;
  for (const part of (ALIASES[field] ?? field).split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined || value === null) return field === 'spec.hostNetwork' ? 'false' : '';
  return String(value);
}

function unescapeSelector(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** A matcher for `fieldSelector`; unknown fields are a 400 like the real server's. */
export function parseFieldSelector(selector: string | null | undefined, def: ResourceDef): Matcher | undefined {
  if (!selector) return undefined;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...def.fields]);
  const tests = selector
    .split(/(?<!\\),/)
    .filter((p) => p.trim() !== '')
    .map((part): Matcher => {
      const m = /^\s*([^!=\s]+)\s*(==|=|!=)(.*)$/.exec(part);
      if (!m) throw StatusError.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
      const [, field = '', op, raw = ''] = m;
      if (!allowed.has(field)) throw StatusError.badRequest(`field label not supported: ${field}`);
      const value = unescapeSelector(raw.trim());
      return op === '!=' ? (obj) => fieldValue(obj, field) !== value : (obj) => fieldValue(obj, field) === value;
    });
  if (tests.length === 0) return undefined;
  return (obj) => tests.every((t) => t(obj));
}

export function combine(...matchers: (Matcher | undefined)[]): Matcher | undefined {
  const present = matchers.filter((m): m is Matcher => m !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return (obj) => present.every((m) => m(obj));
}
