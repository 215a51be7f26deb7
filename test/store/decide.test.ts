// decideProposal: one decision per proposal whoever clicks, the proposal and the incident moving with it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProposalDecision, Store } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const summary = { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' };
const actions = [{ type: 'restart_pod', reason: 'Clear the back-off', pod: 'web-1' }];

function proposed(store: Store) {
  const incident = store.createIncident(newIncident(), 'detector');
  bringTo(store, incident.id, 'proposed');
  const proposal = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });
  return { incidentId: incident.id, proposalId: proposal.id };
}

const approve = (ids: { incidentId: number; proposalId: number }, actor: string): ProposalDecision => ({
  ...ids,
  actor,
  decision: 'approve',
  via: 'cli',
  excludes: ['reject'],
  from: 'proposed',
  to: 'approved',
  proposalFrom: 'pending',
  proposalTo: 'approved',
  audit: { proposalId: ids.proposalId },
});
const reject = (ids: { incidentId: number; proposalId: number }, actor: string): ProposalDecision => ({
  ...ids,
  actor,
  decision: 'reject',
  via: 'slack',
  detail: 'too risky',
  excludes: ['approve'],
  from: 'proposed',
  to: 'rejected',
  proposalFrom: 'pending',
  proposalTo: 'rejected',
});

describe('decideProposal', () => {
  it('records the decision, moves the incident and the proposal, and audits the actor', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = proposed(store);

    const result = store.decideProposal(approve(ids, 'cli:alice'));

    expect(result).toEqual({
      outcome: 'decided',
      decision: expect.objectContaining({
        actor: 'cli:alice',
        decision: 'approve',
        via: 'cli',
        at: '2025-03-01T12:00:00.000Z',
      }),
    });
    expect(store.getIncident(ids.incidentId)?.state).toBe('approved');
    expect(store.getProposal(ids.proposalId)?.status).toBe('approved');
    expect(store.auditTrail(ids.incidentId).at(-1)).toMatchObject({
      actor: 'cli:alice',
      fromState: 'proposed',
      toState: 'approved',
      action: 'approve',
    });
  });

  it('answers a repeat, or the opposite decision, with the first one and writes nothing', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = proposed(store);
    store.decideProposal(approve(ids, 'cli:alice'));
    const audit = store.auditTrail(ids.incidentId).length;

    const again = store.decideProposal(approve(ids, 'cli:bob'));
    const rejected = store.decideProposal(reject(ids, 'U2'));

    expect(again).toMatchObject({ outcome: 'already', decision: { actor: 'cli:alice', decision: 'approve' } });
    expect(rejected).toMatchObject({ outcome: 'already', decision: { actor: 'cli:alice', decision: 'approve' } });
    expect(store.listDecisions(ids.proposalId)).toHaveLength(1);
    expect(store.auditTrail(ids.incidentId)).toHaveLength(audit);
  });

  it('lets one of approve and reject win across two connections to one file', () => {
    const path = tempDbPath();
    const [a, b] = [open(path), open(path)];
    const ids = proposed(a);

    const results = [b.decideProposal(reject(ids, 'U2')), a.decideProposal(approve(ids, 'cli:alice'))];

    expect(results.map((r) => r.outcome)).toEqual(['decided', 'already']);
    expect(a.listDecisions(ids.proposalId)).toEqual([
      expect.objectContaining({ decision: 'reject', detail: 'too risky' }),
    ]);
    expect(a.getIncident(ids.incidentId)?.state).toBe('rejected');
  });

  it('says the incident moved on, without a decision, when it is no longer proposed', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = proposed(store);
    store.transition(ids.incidentId, 'proposed', 'resolved', { actor: 'detector' });

    const result = store.decideProposal(approve(ids, 'cli:alice'));

    expect(result).toEqual({ outcome: 'moved_on', state: 'resolved', proposalStatus: 'pending' });
    expect(store.listDecisions(ids.proposalId)).toEqual([]);
  });

  it('says the proposal moved on when it is no longer pending', () => {
    const store = open(tempDbPath(), manualClock());
    const ids = proposed(store);
    store.setProposalStatus(ids.proposalId, 'pending', 'expired');

    const result = store.decideProposal(approve(ids, 'cli:alice'));

    expect(result).toEqual({ outcome: 'moved_on', state: 'proposed', proposalStatus: 'expired' });
    expect(store.getIncident(ids.incidentId)?.state).toBe('proposed');
  });
});
