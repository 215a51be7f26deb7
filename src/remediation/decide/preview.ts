// What an approval of an incident would act on, read without deciding anything: the proposal to show a person
// (with the binding their decision will carry), or the answer that says why there is nothing to decide.
// `/clopus approve ID` and an interactive `clopus approve ID` show this first and decide only on a confirmation.
import { describeError } from '../../errors.js';
import { parseProposalRecord, type StoredProposal } from '../../planner/proposal/index.js';
import type { Incident, ProposalRecord, Store } from '../../store/index.js';
import { type ExpectedProposal, expectedOf, replacedBecause } from './binding.js';
import { alreadyDecided, notDecidable, notFound, refused } from './describe.js';
import type { DecisionResult } from './types.js';

export type DecisionPreview =
  | { decidable: true; incident: Incident; proposal: StoredProposal; expected: ExpectedProposal }
  | { decidable: false; result: DecisionResult };

const VERB = { approve: 'approved', reject: 'rejected' } as const;

/**
 * The incident's proposal if it waits for a decision now, else the answer a decision would get. `seen` (a proposal
 * the person named) that is not the current one is answered with the "newer proposal" refusal.
 */
export function previewDecision(
  store: Store,
  incidentId: number,
  kind: 'approve' | 'reject',
  seen?: ExpectedProposal,
): DecisionPreview {
  const answer = (result: DecisionResult): DecisionPreview => ({ decidable: false, result });
  const incident = store.getIncident(incidentId);
  if (!incident) return answer(notFound(incidentId));
  const latest: ProposalRecord | undefined = store.latestProposal(incidentId);
  if (!latest)
    return answer(refused(incident, `Incident ${incidentId} has no proposal to ${kind} (it is ${incident.state}).`));
  const why = seen ? replacedBecause(incidentId, latest, seen) : undefined;
  if (why) return answer(refused(incident, `Not ${VERB[kind]}: ${why}`, latest.id));
  let proposal: StoredProposal;
  try {
    proposal = parseProposalRecord(latest);
  } catch (err) {
    return answer(refused(incident, describeError(err), latest.id));
  }
  if (latest.status === 'pending' && incident.state === 'proposed')
    return { decidable: true, incident, proposal, expected: expectedOf(latest) };
  const first = store.listDecisions(latest.id).find((d) => d.decision === 'approve' || d.decision === 'reject');
  if (first) return answer(alreadyDecided(incident, first));
  return answer(refused(incident, `Not ${VERB[kind]}: ${notDecidable(store, incident, latest)}`, latest.id));
}
