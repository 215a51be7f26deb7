// patch_workload as a YAML diff: the workload now against what the API server says it would be after the patch
// (a server-side dry run), without the fields that change on every write.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describeError, isClopusError } from '../../errors.js';
import type { WorkloadObject } from '../../kube/index.js';
import { describeObject } from '../claude/describe.js';
import type { FixerKube } from '../kube.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bookkeeping the server rewrites on every write, or that says nothing about what the workload does. */
const NOISY_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/** The workload as a reviewer compares it: metadata without bookkeeping, and the spec; never the status. */
export function cleanWorkload(obj: WorkloadObject | Obj): Obj {
  const { status: _status, ...rest } = obj as Obj;
  const metadata = isObj(rest.metadata)
    ? Object.fromEntries(Object.entries(rest.metadata).filter(([k]) => !NOISY_METADATA.includes(k)))
    : {};
  return { ...rest, metadata };
}

/** YAML as in describe_workload (env as NAME=value lines, so secrets are recognised and redacted later). */
export function workloadYaml(obj: WorkloadObject | Obj): string {
  return describeObject(cleanWorkload(obj));
}

export interface PatchDiff {
  diff: string;
  /** The workload before and after (dry run), cleaned: what apply re-checks and rollback restores. */
  before?: Obj;
  after?: Obj;
  problems: string[];
}

const READ_ONLY = 'Clopus may not patch ';

/** A dry run refused by RBAC: Clopus is installed read-only here, which is a setting, not a failure to retry. */
function readOnlyProblem(what: string): string {
  return `${READ_ONLY}${what} (403): it runs read-only in this namespace, so it can neither check nor apply this fix. Grant patch with the k8s/overlays/actions overlay to allow fixes.`;
}

export function isReadOnlyProblem(problem: string): boolean {
  return problem.includes(READ_ONLY);
}

/** Why a patch dry run was refused, in the words every check uses (so the same refusal is told once). */
export function dryRunProblem(err: unknown, target: { kind: string; namespace: string; name: string }): string {
  const what = `${target.kind} ${target.namespace}/${target.name}`;
  if (isClopusError(err) && err.code === 'KUBE_FORBIDDEN') return readOnlyProblem(what);
  return `the API server refused the patch of ${what} (dry run): ${describeError(err)}`;
}

export async function patchDiff(
  kube: Pick<FixerKube, 'getWorkload' | 'patchWorkload'>,
  target: { kind: string; namespace: string; name: string },
  patch: Record<string, unknown>,
): Promise<PatchDiff> {
  const what = `${target.kind} ${target.namespace}/${target.name}`;
  let before: WorkloadObject;
  let after: WorkloadObject;
  try {
    before = await kube.getWorkload(target.kind, target.namespace, target.name);
  } catch (err) {
    return { diff: '', problems: [`cannot read ${what}: ${describeError(err)}`] };
  }
  try {
    after = await kube.patchWorkload(target, patch, { dryRun: true });
  } catch (err) {
    return { diff: '', problems: [dryRunProblem(err, target)] };
  }
  const name = `${target.kind.toLowerCase()}/${target.name}`;
  const diff = createTwoFilesPatch(
    name,
    name,
    workloadYaml(before),
    workloadYaml(after),
    'current',
    'after the patch (server dry run)',
    { context: 4, headerOptions: FILE_HEADERS_ONLY },
  );
  const changed = diff.includes('\n@@');
  return {
    diff: changed ? diff : '',
    before: cleanWorkload(before),
    after: cleanWorkload(after),
    problems: changed ? [] : [`the patch does not change ${what}`],
  };
}
