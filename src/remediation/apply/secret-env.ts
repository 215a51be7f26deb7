// Env values that are secrets (by name or by shape: DB_PASSWORD, a URL with a password) never enter the record of
// an applied patch: they are masked when a spec is recorded, and taken from the live workload when a rollback puts
// the spec back. Pod templates are found wherever they nest (Deployment, CronJob), as lists of named items.
import { REDACTED, redact } from '../../redact/index.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEnvVar = (v: Json): v is { name: string; value: string } =>
  isObject(v) && typeof v.name === 'string' && typeof v.value === 'string';
const isSecret = (name: string, value: string): boolean => redact(`${name}=${value}`) !== `${name}=${value}`;

/** A copy of `spec` with every secret env value replaced by [REDACTED]. */
export function maskSpec<T>(spec: T): T {
  const mask = (v: Json, key?: string): Json => {
    if (Array.isArray(v))
      return v.map((item) =>
        key === 'env' && isEnvVar(item) && isSecret(item.name, item.value) ? { ...item, value: REDACTED } : mask(item),
      );
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, mask(child, k)]));
    return v;
  };
  return mask(spec) as T;
}

/** The counterpart of a list item in the live spec: the item with the same name, else the one at the same index. */
const counterpart = (live: Json, item: Json, i: number): Json => {
  if (!Array.isArray(live)) return undefined;
  return isObject(item) && typeof item.name === 'string'
    ? live.find((l) => isObject(l) && l.name === item.name)
    : live[i];
};

/** `masked` with each masked env value taken from `live`; `missing` names the variables live no longer has. */
export function unmaskSpec(masked: Json, live: Json): { value: Json; missing: string[] } {
  const missing: string[] = [];
  const fill = (v: Json, l: Json): Json => {
    if (isEnvVar(v) && v.value === REDACTED) {
      if (isEnvVar(l)) return { ...v, value: l.value };
      missing.push(v.name);
      return v;
    }
    if (Array.isArray(v)) return v.map((item, i) => fill(item, counterpart(l, item, i)));
    if (isObject(v))
      return Object.fromEntries(
        Object.entries(v).map(([k, child]) => [k, fill(child, isObject(l) ? l[k] : undefined)]),
      );
    return v;
  };
  return { value: fill(masked, live), missing };
}
