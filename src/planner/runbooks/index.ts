// Runbooks: fixes for known cases that need no model. They run before Claude, and alone when there are no credentials.
import type { Reason } from '../../core/index.js';
import { describeError } from '../../errors.js';
import { imageRollbackRunbook } from './image-rollback.js';
import { oomRunbook } from './oom.js';
import { requestedMemory, unreadableRevision } from './revision.js';
import type { RunbookInput, RunbookResult } from './types.js';

export { formatMemory, parseMemory } from './quantity.js';
export { requestedMemory, requestedQuantity, UNREADABLE_REVISION, unreadableRevision } from './revision.js';
export type { RunbookInput, RunbookName, RunbookResult } from './types.js';

const BY_REASON: Partial<Record<Reason, (input: RunbookInput) => Promise<RunbookResult>>> = {
  OOMKilled: oomRunbook,
  ImagePullBackOff: imageRollbackRunbook,
  ErrImagePull: imageRollbackRunbook,
  InvalidImageName: imageRollbackRunbook,
};

/** The runbook for the incident's reason, or `not_applicable` when none knows it. Never throws. */
export async function runRunbooks(input: RunbookInput): Promise<RunbookResult> {
  const { incident, revision } = input;
  // A revision the runbooks cannot read must not get the same fix again, as if the reviewer had said nothing.
  if (revision && !requestedMemory(incident, revision)) {
    const explanation = unreadableRevision(incident);
    return incident.reason === 'OOMKilled'
      ? { outcome: 'no_fix', runbook: 'oom-memory', explanation }
      : { outcome: 'not_applicable', explanation };
  }
  const runbook = BY_REASON[input.incident.reason];
  if (!runbook) return { outcome: 'not_applicable', explanation: `No runbook applies to ${input.incident.reason}.` };
  try {
    return await runbook(input);
  } catch (err) {
    input.logger.warn({ incidentId: input.incident.id, err }, 'runbook failed');
    return {
      outcome: 'failed',
      runbook: runbook === oomRunbook ? 'oom-memory' : 'image-rollback',
      reason: `the runbook failed: ${describeError(err)}`,
    };
  }
}
