// Diagnosis orchestration: one guarded claim per incident, runbooks then Claude, a bounded retry, and a queue.

import { diagnoseIncident } from './diagnose.js';
import { DiagnosisQueue } from './queue.js';
import type { DiagnoseDeps, DiagnoseOutcome } from './types.js';

export { type PlanInput, type PlanResult, plan } from '../../planner/index.js';
export { diagnoseIncident } from './diagnose.js';
export { DiagnosisQueue, type DiagnosisQueueOptions } from './queue.js';
export { type Eligibility, eligibility, failuresInARow, retryAt } from './retry.js';
export { type SweepResult, sweepDiagnoses } from './sweep.js';
export type { DiagnoseDeps, DiagnoseOutcome } from './types.js';

/** A queue running diagnoseIncident with `deps`, `config.concurrency` at a time. */
export function createDiagnosisQueue(
  deps: DiagnoseDeps,
  opts: { onOutcome?: (incidentId: number, outcome: DiagnoseOutcome) => void } = {},
): DiagnosisQueue {
  return new DiagnosisQueue({
    diagnose: (id, signal) => diagnoseIncident(deps, id, { signal }),
    concurrency: deps.config.concurrency,
    logger: deps.logger,
    ...(opts.onOutcome ? { onOutcome: opts.onOutcome } : {}),
  });
}
