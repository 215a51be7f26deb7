// From a finished diagnosis Job to a planner result: the result line from the pod's log, or the reason the Job
// failed, in words a person can act on.

import type { ClaudePlannerResult } from '../../planner/index.js';
import { sanitizeShort } from '../../redact/index.js';
import { failed, plannerResult } from '../run.js';
import { DiagnosisResult, RESULT_MARKER } from '../schema.js';
import { containerState } from './objects.js';
import { CONTAINER, type JobSettings } from './spec.js';
import type { JobEnd } from './watch.js';

export type ResultRead = { result: DiagnosisResult } | { missing: true } | { malformed: string };

/**
 * The last result line in a pod log. The log mixes stdout and stderr, so the line is found by its marker; a line
 * that carries the marker but does not parse is malformed, and earlier lines are not consulted.
 */
export function readResultLine(log: string): ResultRead {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.includes(`"${RESULT_MARKER}"`)) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      return { malformed: `not JSON (${(err as Error).message})` };
    }
    const parsed = DiagnosisResult.safeParse(json);
    if (!parsed.success)
      return {
        malformed: parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; '),
      };
    return { result: parsed.data };
  }
  return { missing: true };
}

/** The last thing the pod said, for a crash: a log line's message (and reason), redacted and short. */
export function lastWords(log: string): string {
  const line = log.trim().split('\n').at(-1)?.trim() ?? '';
  if (!line) return '';
  try {
    const json = JSON.parse(line) as { msg?: unknown; reason?: unknown; err?: unknown };
    if (typeof json.msg === 'string') {
      const detail = [json.reason, json.err].find((v) => typeof v === 'string');
      return sanitizeShort(detail ? `${json.msg}: ${String(detail)}` : json.msg, 300);
    }
  } catch {
    // Not a log record: the line as it is.
  }
  return sanitizeShort(line, 300);
}

export interface Concluded {
  end: JobEnd;
  /** The pod's log, when it could be read. */
  log?: string | undefined;
  deadlineSeconds: number;
  settings: Pick<JobSettings, 'memoryLimit'>;
  waitedMs: number;
  elapsedMs: number;
}

function fromLog(c: Concluded): ClaudePlannerResult {
  const read = readResultLine(c.log ?? '');
  if ('result' in read) return plannerResult(read.result);
  if ('malformed' in read)
    return failed(`the diagnosis Job's result line is malformed: ${read.malformed}`, c.elapsedMs);
  return failed(
    `the diagnosis Job finished without a result line in its log${c.log === undefined ? ' (the log could not be read)' : ''}`,
    c.elapsedMs,
  );
}

/** The planner result a finished Job stands for. */
export function concludeJob(c: Concluded): ClaudePlannerResult {
  const { end } = c;
  const fail = (reason: string): ClaudePlannerResult => failed(reason, c.elapsedMs);
  switch (end.kind) {
    case 'complete':
      return fromLog(c);
    case 'failed': {
      if (end.reason === 'DeadlineExceeded')
        return fail(
          `the diagnosis Job ran past its deadline of ${c.deadlineSeconds} s (activeDeadlineSeconds) and was stopped`,
        );
      const terminated = containerState(end.pod, CONTAINER)?.terminated;
      if (terminated?.reason === 'OOMKilled') {
        return fail(
          `the diagnosis Job's pod was OOMKilled: it needed more memory than its ${c.settings.memoryLimit} limit (raise CLOPUS_RUNNER_MEMORY_LIMIT)`,
        );
      }
      // `clopus diagnose` prints its result line even when it exits non-zero (bad input, no credentials).
      const read = readResultLine(c.log ?? '');
      if ('result' in read) return plannerResult(read.result);
      if (terminated) {
        const said = lastWords(c.log ?? '');
        const why = terminated.reason && terminated.reason !== 'Error' ? ` (${terminated.reason})` : '';
        return fail(
          `the diagnosis Job's pod exited with code ${terminated.exitCode}${why} without a result${said ? `; its last log line: ${said}` : ''}`,
        );
      }
      return fail(
        `the diagnosis Job failed (${end.reason}${end.message ? `: ${sanitizeShort(end.message, 300)}` : ''})`,
      );
    }
    case 'image':
      return fail(
        `the diagnosis Job's image "${end.image}" cannot be pulled (${end.reason}${end.message ? `: ${sanitizeShort(end.message, 300)}` : ''}); set CLOPUS_RUNNER_IMAGE to an image the cluster can pull`,
      );
    case 'cannot_start':
      return fail(
        `the diagnosis Job's pod cannot start (${end.reason}${end.message ? `: ${sanitizeShort(end.message, 300)}` : ''})`,
      );
    case 'gone':
      return fail('the diagnosis Job was deleted before it finished');
    case 'timeout':
      return fail(`the diagnosis Job reported no end within ${Math.round(c.waitedMs / 1000)} s of waiting`);
    case 'cancelled':
      return fail('the diagnosis was cancelled');
  }
}
