// When an incident may be diagnosed (again): the budget of attempts per incident and the back-off after failures.
import type { Config } from '../../config/index.js';
import type { Diagnosis, Incident } from '../../store/index.js';

export type Eligibility =
  | { ok: true }
  /** Not now: another state, or the back-off has not passed (`at` says when it will). */
  | { ok: false; reason: string; at?: Date }
  /** Never again automatically: the attempt budget is spent. */
  | { ok: false; reason: string; exhausted: true };

/** Failed diagnoses at the end of the list, i.e. since the last one that finished otherwise. */
export function failuresInARow(diagnoses: readonly Diagnosis[]): number {
  let n = 0;
  for (let i = diagnoses.length - 1; i >= 0 && diagnoses[i]!.status === 'failed'; i--) n++;
  return n;
}

/** When the next retry after `failures` failures in a row is due: the back-off doubles with each one. */
export function retryAt(
  last: Diagnosis | undefined,
  failures: number,
  retry: Config['fixer']['retry'],
): Date | undefined {
  if (!last || failures === 0) return undefined;
  const from = Date.parse(last.finishedAt ?? last.startedAt);
  return new Date(from + retry.backoffSeconds * 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * The diagnoses that count against `maxAttempts`: all but the first diagnosis of each revision, which a reviewer
 * asked for (revisions have their own bound, fixer.maxRevisions). A retry of a failed revision counts, so a
 * revision that keeps failing is bounded like any other diagnosis.
 */
export function automaticRuns(diagnoses: readonly Diagnosis[]): number {
  const revisions = new Set<number>();
  let runs = 0;
  for (const d of diagnoses) {
    if (d.revisionId !== null && !revisions.has(d.revisionId)) revisions.add(d.revisionId);
    else runs++;
  }
  return runs;
}

/**
 * `open` is diagnosed at once; `diagnosis_failed` after the back-off; `expired` (a proposal nobody acted on) at
 * once; `revising` (a reviewer asked for changes) at once and whatever the attempts spent. Every automatic
 * diagnosis counts against `maxAttempts` per incident, reopens included, so a failing model or a flapping
 * workload costs at most that many runs.
 */
export function eligibility(
  incident: Incident,
  diagnoses: readonly Diagnosis[],
  retry: Config['fixer']['retry'],
  now: Date,
): Eligibility {
  const { state } = incident;
  if (state === 'revising') return { ok: true };
  if (state !== 'open' && state !== 'diagnosis_failed' && state !== 'expired')
    return { ok: false, reason: `the incident is ${state}` };
  if (automaticRuns(diagnoses) >= retry.maxAttempts) {
    return {
      ok: false,
      exhausted: true,
      reason: `all ${retry.maxAttempts} automatic diagnoses of this incident are spent`,
    };
  }
  if (state === 'diagnosis_failed') {
    const at = retryAt(diagnoses.at(-1), failuresInARow(diagnoses), retry);
    if (at && at.getTime() > now.getTime())
      return { ok: false, reason: `the next retry is due at ${at.toISOString()}`, at };
  }
  return { ok: true };
}
