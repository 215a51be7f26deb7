// Ending a diagnosis: its outcome, its proposal and the incident's move out of `diagnosing`, in one transaction.
import { ClopusError } from '../errors.js';
import { advance } from './advance.js';
import type { StoreContext } from './context.js';
import { finishDiagnosis, getDiagnosis } from './diagnoses.js';
import type { ConcludedDiagnosis, DiagnosisConclusion } from './fix-types.js';
import { insertProposal, setProposalStatus } from './proposals.js';
import { setRevisedProposal } from './revisions.js';

/**
 * Finishes the diagnosis, saves its proposal if any, and moves the incident `diagnosing → to`, all or nothing.
 * Concluding twice changes nothing the second time. If the incident has left `diagnosing` meanwhile (the workload
 * recovered), the outcome and usage are still recorded, the proposal is saved as `withdrawn`, and nothing moves.
 * A revision's diagnosis also names its proposal on the revision (`proposalAfterId`), withdrawn or not.
 */
export function concludeDiagnosis(ctx: StoreContext, input: DiagnosisConclusion): ConcludedDiagnosis {
  return ctx.write(() => {
    const diagnosis = getDiagnosis(ctx, input.diagnosisId);
    if (diagnosis === undefined) throw new ClopusError('NOT_FOUND', `Diagnosis ${input.diagnosisId} does not exist.`);
    if (!finishDiagnosis(ctx, diagnosis.id, input.finish)) return { moved: false, finished: false };
    const saved = input.proposal
      ? insertProposal(ctx, {
          ...input.proposal,
          incidentId: diagnosis.incidentId,
          diagnosisId: diagnosis.id,
          ...(input.finish.finishedAt ? { createdAt: input.finish.finishedAt } : {}),
        })
      : undefined;
    const moved = advance(ctx, diagnosis.incidentId, 'diagnosing', input.to, {
      actor: input.actor,
      action: input.to,
      detail: input.detail ?? null,
    });
    if (saved && !moved) setProposalStatus(ctx, saved.id, 'pending', 'withdrawn');
    if (saved && diagnosis.revisionId !== null) setRevisedProposal(ctx, diagnosis.revisionId, saved.id);
    return { moved, finished: true, ...(saved ? { proposalId: saved.id } : {}) };
  });
}
