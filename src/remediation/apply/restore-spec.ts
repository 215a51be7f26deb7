// Putting a workload's spec back as it was before a fix, without undoing anyone else's change since: only the
// top-level spec fields the fix changed are restored, and only if they still hold what the fix left.
import { isDeepStrictEqual } from 'node:util';
import type { WorkloadObject } from '../../kube/index.js';
import { maskSpec, unmaskSpec } from './secret-env.js';

type Spec = Record<string, unknown>;

export type SpecRestore =
  | { kind: 'done' }
  | { kind: 'conflict'; fields: string[] }
  | {
      kind: 'patch';
      ops: Array<{ op: 'test' | 'add' | 'replace' | 'remove'; path: string; value?: unknown }>;
      fields: string[];
    };

const pointer = (key: string): string => `/spec/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The JSON patch that restores `before` for every field the fix changed (before → after). A field the fix added
 * is removed, so e.g. a memory limit the fix introduced really disappears, which a merge patch of the old spec
 * would not do. The patch starts with a resourceVersion test, so a write racing the rollback makes it fail.
 */
export function specRestore(recordedBefore: Spec, recordedAfter: Spec, current: WorkloadObject): SpecRestore {
  // Records hold secret env values masked (secret-env.ts): compare masked forms, and restore them from the live spec.
  const live: Spec = current.spec ?? {};
  const [before, after, now] = [maskSpec(recordedBefore), maskSpec(recordedAfter), maskSpec(live)];
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => !isDeepStrictEqual(before[k], after[k]),
  );
  const pending = changed.filter((k) => !isDeepStrictEqual(now[k], before[k]));
  if (pending.length === 0) return { kind: 'done' };
  const moved = pending.filter((k) => !isDeepStrictEqual(now[k], after[k]));
  if (moved.length > 0) return { kind: 'conflict', fields: moved.map((k) => `spec.${k}`) };
  const ops: Extract<SpecRestore, { kind: 'patch' }>['ops'] = [
    { op: 'test', path: '/metadata/resourceVersion', value: current.metadata.resourceVersion },
  ];
  const gone: string[] = [];
  for (const k of pending) {
    if (recordedBefore[k] === undefined) {
      ops.push({ op: 'remove', path: pointer(k) });
      continue;
    }
    const { value, missing } = unmaskSpec(recordedBefore[k], live[k]);
    gone.push(...missing.map((name) => `spec.${k} (secret env ${name}, which is not recorded, is no longer set)`));
    ops.push({ op: k in live ? 'replace' : 'add', path: pointer(k), value });
  }
  if (gone.length > 0) return { kind: 'conflict', fields: gone };
  return { kind: 'patch', ops, fields: pending.map((k) => `spec.${k}`) };
}
