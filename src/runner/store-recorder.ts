// The DiagnosisRecorder over the SQLite store: what recordDiagnosis writes through in production.
import type { Store } from '../store/index.js';
import type { DiagnosisRecorder } from './diagnosis.js';

export function storeDiagnosisRecorder(
  store: Pick<Store, 'startDiagnosis' | 'finishDiagnosis' | 'saveProposal'>,
): DiagnosisRecorder {
  return {
    startDiagnosis: (start) => store.startDiagnosis(start).diagnosis.id,
    finishDiagnosis: (id, finish) => {
      store.finishDiagnosis(id, finish);
    },
    saveProposal: (p) =>
      store.saveProposal({
        incidentId: p.incidentId,
        diagnosisId: p.diagnosisId,
        summary: p.proposal.summary,
        actions: p.proposal.actions,
        diff: p.diff,
        createdAt: p.createdAt,
      }).id,
  };
}
