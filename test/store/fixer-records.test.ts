import { afterEach, describe, expect, it } from 'vitest';
import type { DiagnosisUsage } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function arrange() {
  const clock = manualClock();
  const path = tempDbPath();
  const store = open(path, clock);
  const incident = store.createIncident(newIncident(), 'detector');
  return { clock, path, store, incident };
}

const usage: DiagnosisUsage = {
  model: 'claude-test',
  turns: 4,
  inputTokens: 1200,
  outputTokens: 300,
  costUsd: 0.0123,
  durationMs: 2345,
};
const summary = { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' };
const actions = [{ type: 'restart_pod', reason: 'Clear the back-off', pod: 'web-1' }];

describe('diagnoses', () => {
  it('starts one row per incident and attempt, however often the start is repeated', () => {
    const { store, incident } = arrange();

    const first = store.startDiagnosis({ incidentId: incident.id, attempt: 1, planner: 'claude', model: null });
    const again = store.startDiagnosis({ incidentId: incident.id, attempt: 1, planner: 'runbook', model: 'other' });
    store.startDiagnosis({ incidentId: incident.id, attempt: 2, planner: 'runbook', model: null });

    expect(first).toMatchObject({
      created: true,
      diagnosis: { attempt: 1, planner: 'claude', status: 'running', startedAt: '2025-03-01T12:00:00.000Z' },
    });
    expect(again).toEqual({ created: false, diagnosis: first.diagnosis });
    expect(store.countDiagnoses(incident.id)).toBe(2);
    expect(store.listDiagnoses(incident.id).map((d) => [d.attempt, d.planner])).toEqual([
      [1, 'claude'],
      [2, 'runbook'],
    ]);
  });

  it('finishes a running diagnosis once, with its usage, and ignores a second finish', () => {
    const { store, incident, clock } = arrange();
    const { diagnosis } = store.startDiagnosis({ incidentId: incident.id, attempt: 1, planner: 'claude', model: null });
    clock.advance(3);

    const finished = store.finishDiagnosis(diagnosis.id, {
      status: 'no_fix',
      usage,
      explanation: 'The database is down.',
    });
    const late = store.finishDiagnosis(diagnosis.id, {
      status: 'failed',
      usage: { ...usage, costUsd: 9 },
      error: 'timeout',
    });

    expect([finished, late]).toEqual([true, false]);
    expect(store.getDiagnosis(diagnosis.id)).toEqual({
      id: diagnosis.id,
      incidentId: incident.id,
      attempt: 1,
      planner: 'claude',
      model: 'claude-test',
      status: 'no_fix',
      startedAt: '2025-03-01T12:00:00.000Z',
      finishedAt: '2025-03-01T12:00:03.000Z',
      turns: 4,
      inputTokens: 1200,
      outputTokens: 300,
      costUsd: 0.0123,
      durationMs: 2345,
      error: null,
      explanation: 'The database is down.',
      sessionId: null,
      revisionId: null,
    });
  });

  it('refuses a diagnosis for an incident that does not exist', () => {
    const { store } = arrange();

    expect(() => store.startDiagnosis({ incidentId: 999, attempt: 1, planner: 'claude', model: null })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('proposals', () => {
  it('round-trips summary, actions and diff, and supersedes the previous pending proposal', () => {
    const { store, incident } = arrange();

    const older = store.saveProposal({
      incidentId: incident.id,
      diagnosisId: null,
      summary,
      actions,
      diff: 'old diff',
    });
    const newer = store.saveProposal({
      incidentId: incident.id,
      diagnosisId: null,
      summary,
      actions,
      diff: '--- a\n+++ b\n',
    });

    expect(newer).toMatchObject({
      incidentId: incident.id,
      status: 'pending',
      summary,
      actions,
      diff: '--- a\n+++ b\n',
    });
    expect(store.getProposal(older.id)?.status).toBe('superseded');
    expect(store.latestProposal(incident.id)?.id).toBe(newer.id);
    expect(store.listProposals(incident.id).map((p) => p.status)).toEqual(['superseded', 'pending']);
  });

  it('moves a proposal status only from the expected one', () => {
    const { store, incident } = arrange();
    const p = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });

    const approved = store.setProposalStatus(p.id, 'pending', 'approved');
    const rejectedLate = store.setProposalStatus(p.id, 'pending', 'rejected');

    expect([approved, rejectedLate]).toEqual([true, false]);
    expect(store.getProposal(p.id)?.status).toBe('approved');
  });

  it('returns undefined for a missing proposal', () => {
    const { store, incident } = arrange();

    expect(store.getProposal(42)).toBeUndefined();
    expect(store.latestProposal(incident.id)).toBeUndefined();
  });
});

describe('decisions', () => {
  it('records a double click once, keeping the first actor, across two connections', () => {
    const { store, incident, path, clock } = arrange();
    const other = open(path, clock);
    const p = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });

    const first = store.recordDecision({
      proposalId: p.id,
      incidentId: incident.id,
      actor: 'U123',
      decision: 'approve',
      via: 'slack',
    });
    const second = other.recordDecision({
      proposalId: p.id,
      incidentId: incident.id,
      actor: 'alice',
      decision: 'approve',
      via: 'cli',
      detail: 'again',
    });
    const rollback = other.recordDecision({
      proposalId: p.id,
      incidentId: incident.id,
      actor: 'alice',
      decision: 'rollback',
      via: 'cli',
    });

    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, decision: first.decision });
    expect(rollback.created).toBe(true);
    expect(store.listDecisions(p.id).map((d) => [d.decision, d.actor, d.via])).toEqual([
      ['approve', 'U123', 'slack'],
      ['rollback', 'alice', 'cli'],
    ]);
    expect(raw(path).prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: 2 });
  });

  it("refuses a decision naming another incident than the proposal's", () => {
    const { store, incident } = arrange();
    const other = store.createIncident(newIncident({ workloadName: 'other' }), 'detector');
    const p = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });

    expect(() =>
      store.recordDecision({ proposalId: p.id, incidentId: other.id, actor: 'U1', decision: 'approve', via: 'slack' }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() =>
      store.recordDecision({
        proposalId: 999,
        incidentId: incident.id,
        actor: 'U1',
        decision: 'approve',
        via: 'slack',
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('applied actions', () => {
  it('keeps the first record of an action, so its before is what was there before the first attempt', () => {
    const { store, incident } = arrange();
    const p = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });
    const before = { content: 'listen: 8080\n', sha256: 'ab'.repeat(32) };

    const first = store.recordAppliedAction({
      proposalId: p.id,
      seq: 1,
      kind: 'edit_file',
      target: 'shop/web-1/app:/etc/app.yaml',
      before,
      after: null,
      status: 'started',
    });
    const repeat = store.recordAppliedAction({
      proposalId: p.id,
      seq: 1,
      kind: 'edit_file',
      target: 'x',
      before: { content: 'changed' },
      after: null,
      status: 'started',
    });
    store.recordAppliedAction({
      proposalId: p.id,
      seq: 0,
      kind: 'patch_workload',
      target: 'Deployment shop/web',
      before: { spec: { replicas: 1 } },
      after: { spec: { replicas: 2 } },
      status: 'done',
    });

    expect(first).toMatchObject({
      created: true,
      action: { before, after: null, status: 'started', at: '2025-03-01T12:00:00.000Z' },
    });
    expect(repeat).toEqual({ created: false, action: first.action });
    expect(store.listAppliedActions(p.id).map((a) => [a.seq, a.kind])).toEqual([
      [0, 'patch_workload'],
      [1, 'edit_file'],
    ]);
  });

  it('updates status and after, guarded by the expected status', () => {
    const { store, incident, clock } = arrange();
    const p = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions, diff: '' });
    store.recordAppliedAction({
      proposalId: p.id,
      seq: 1,
      kind: 'edit_file',
      target: 't',
      before: { content: 'a' },
      after: null,
      status: 'started',
    });
    clock.advance(5);

    const done = store.updateAppliedAction(p.id, 1, { status: 'done', after: { sha256: 'cd' }, from: 'started' });
    const stale = store.updateAppliedAction(p.id, 1, { status: 'failed', from: 'started' });
    const rolledBack = store.updateAppliedAction(p.id, 1, { status: 'rolled_back' });
    const missing = store.updateAppliedAction(p.id, 7, { status: 'done' });

    expect([done, stale, rolledBack, missing]).toEqual([true, false, true, false]);
    expect(store.listAppliedActions(p.id)).toEqual([
      {
        proposalId: p.id,
        seq: 1,
        kind: 'edit_file',
        target: 't',
        before: { content: 'a' },
        after: { sha256: 'cd' },
        status: 'rolled_back',
        detail: null,
        at: '2025-03-01T12:00:05.000Z',
      },
    ]);
  });
});

describe('concludeDiagnosis', () => {
  it('finishes the diagnosis, saves the proposal and moves the incident, with the audit detail', () => {
    const { store, incident } = arrange();
    store.transition(incident.id, 'open', 'diagnosing', { actor: 'fixer' });
    const { diagnosis } = store.startDiagnosis({
      incidentId: incident.id,
      attempt: 1,
      planner: 'runbook',
      model: null,
    });

    const result = store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      finish: { status: 'proposed', usage },
      proposal: { summary, actions, diff: 'd' },
      to: 'proposed',
      actor: 'fixer',
      detail: { planner: 'runbook' },
    });
    const again = store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      finish: { status: 'failed', usage },
      to: 'diagnosis_failed',
      actor: 'fixer',
    });

    expect(result).toEqual({ moved: true, finished: true, proposalId: expect.any(Number) });
    expect(again).toEqual({ moved: false, finished: false });
    expect(store.getIncident(incident.id)?.state).toBe('proposed');
    expect(store.getProposal(result.proposalId!)).toMatchObject({ diagnosisId: diagnosis.id, status: 'pending' });
    expect(store.getDiagnosis(diagnosis.id)?.status).toBe('proposed');
    expect(store.auditTrail(incident.id).at(-1)).toMatchObject({
      fromState: 'diagnosing',
      toState: 'proposed',
      detail: '{"planner":"runbook"}',
    });
  });

  it('records the outcome but withdraws the proposal when the incident resolved meanwhile', () => {
    const { store, incident } = arrange();
    bringTo(store, incident.id, 'diagnosing');
    const { diagnosis } = store.startDiagnosis({ incidentId: incident.id, attempt: 1, planner: 'claude', model: null });
    store.transition(incident.id, 'diagnosing', 'resolved', { actor: 'detector' });

    const result = store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      finish: { status: 'proposed', usage },
      proposal: { summary, actions, diff: '' },
      to: 'proposed',
      actor: 'fixer',
    });

    expect(result).toMatchObject({ moved: false, finished: true });
    expect(store.getIncident(incident.id)?.state).toBe('resolved');
    expect(store.getProposal(result.proposalId!)?.status).toBe('withdrawn');
    expect(store.getDiagnosis(diagnosis.id)).toMatchObject({ status: 'proposed', costUsd: usage.costUsd });
  });
});

describe('recentEvidence', () => {
  it('returns the newest rows first, up to the limit', () => {
    const { store, incident, clock } = arrange();
    for (const pod of ['a', 'b', 'c']) {
      store.addEvidence(incident.id, {
        pod,
        container: 'app',
        state: 'waiting',
        restarts: 1,
        events: [],
        logTail: '',
        logsPrevious: false,
        truncated: false,
      });
      clock.advance(1);
    }

    expect(store.recentEvidence(incident.id, 2).map((e) => e.pod)).toEqual(['c', 'b']);
  });
});
