// Planner runs: one diagnosis per incident and attempt, and the transaction that concludes one.

import { concludeDiagnosis } from '../conclude.js';
import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import { countDiagnoses, finishDiagnosis, getDiagnosis, listDiagnoses, startDiagnosis } from '../diagnoses.js';
import type {
  ConcludedDiagnosis,
  Diagnosis,
  DiagnosisConclusion,
  DiagnosisFinish,
  NewDiagnosis,
} from '../fix-types.js';

export interface DiagnosisRepository {
  /** Inserts the diagnosis for (incident, attempt) or returns the existing one; `created` says which. */
  startDiagnosis(input: NewDiagnosis): { diagnosis: Diagnosis; created: boolean };
  /** Records the outcome of a running diagnosis; false (nothing written) if it was already finished. */
  finishDiagnosis(id: number, finish: DiagnosisFinish): boolean;
  getDiagnosis(id: number): Diagnosis | undefined;
  listDiagnoses(incidentId: number): Diagnosis[];
  countDiagnoses(incidentId: number): number;
  /** Finishes a diagnosis, saves its proposal and moves the incident out of `diagnosing`, in one transaction. */
  concludeDiagnosis(input: DiagnosisConclusion): ConcludedDiagnosis;
}

/** Diagnosis operations over the store's one connection. */
export function diagnosisRepository(ctx: StoreContext): DiagnosisRepository {
  return {
    startDiagnosis: guarded('startDiagnosis', (input) => startDiagnosis(ctx, input)),
    finishDiagnosis: guarded('finishDiagnosis', (id, finish) => finishDiagnosis(ctx, id, finish)),
    getDiagnosis: guarded('getDiagnosis', (id) => getDiagnosis(ctx, id)),
    listDiagnoses: guarded('listDiagnoses', (incidentId) => listDiagnoses(ctx, incidentId)),
    countDiagnoses: guarded('countDiagnoses', (incidentId) => countDiagnoses(ctx, incidentId)),
    concludeDiagnosis: guarded('concludeDiagnosis', (input) => concludeDiagnosis(ctx, input)),
  };
}
