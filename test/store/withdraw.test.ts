// withdrawApproval: an approval nothing acted on is taken back whole (incident, proposal, decision row) or not at all.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProposalDecision, Store } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const summary = { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' };
const actions = [{ type: 'restart_pod', reason: 'Clear the back-off', pod: 'web-1' }];

function approved(store: Store, workloadName = 'web') {
  const incident = store.createIncident(newIncident({ workloadName }), 'detector');
  bringTo(store, incident.id, 'proposed');
  const proposal = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });
  const ids = { incidentId: incident.id, proposalId: proposal.id };
  store.decideProposal(approval(ids, 'cli:alice'));
  return ids;
}

const approval = (ids: { incidentId: number; proposalId: number }, actor: string): ProposalDecision => ({
  ...ids,
  actor,
  decision: 'approve',
  via: 'cli',
  excludes: ['reject'],
  from: 'proposed',
  to: 'approved',
  proposalFrom: 'pending',
  proposalTo: 'approved',
});
const withdrawal = (ids: { incidentId: number; proposalId: number }) => ({
  ...ids,
  actor: 'cli:alice',
  action: 'recheck_failed',
  detail: { reason: 'cannot reach the cluster' },
});

describe('withdrawApproval', () => {
  it('moves approved → proposed, the proposal back to pending, removes the approval and audits who had approved', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = approved(store);

    const withdrawn = store.withdrawApproval(withdrawal(ids));

    expect(withdrawn).toBe(true);
    expect(store.getIncident(ids.incidentId)?.state).toBe('proposed');
    expect(store.getProposal(ids.proposalId)?.status).toBe('pending');
    expect(store.listDecisions(ids.proposalId)).toEqual([]);
    const last = store.auditTrail(ids.incidentId).at(-1)!;
    expect(last).toMatchObject({
      actor: 'cli:alice',
      fromState: 'approved',
      toState: 'proposed',
      action: 'recheck_failed',
    });
    expect(JSON.parse(last.detail!)).toEqual({
      reason: 'cannot reach the cluster',
      withdrawn: { actor: 'cli:alice', via: 'cli', at: '2025-03-01T12:00:00.000Z' },
    });
    expect(store.decideProposal(approval(ids, 'cli:bob'))).toMatchObject({
      outcome: 'decided',
      decision: { actor: 'cli:bob' },
    });
  });

  it('writes nothing once the incident has moved on (applying, or already withdrawn)', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = approved(store);
    const other = approved(store, 'api');
    store.transition(ids.incidentId, 'approved', 'applying', { actor: 'cli:alice' });
    store.withdrawApproval(withdrawal(other));
    const before = [ids, other].map((i) => ({
      trail: store.auditTrail(i.incidentId),
      decisions: store.listDecisions(i.proposalId),
      proposal: store.getProposal(i.proposalId),
    }));

    const moved = [store.withdrawApproval(withdrawal(ids)), store.withdrawApproval(withdrawal(other))];

    expect(moved).toEqual([false, false]);
    expect(
      [ids, other].map((i) => ({
        trail: store.auditTrail(i.incidentId),
        decisions: store.listDecisions(i.proposalId),
        proposal: store.getProposal(i.proposalId),
      })),
    ).toEqual(before);
    expect(store.getIncident(ids.incidentId)?.state).toBe('applying');
  });
});
