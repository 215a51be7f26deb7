// Issue 15: questions asked in an incident's thread are stored with their outcome and cost, audited without a move,
// counted for rate limits, and add to what the model has cost the incident.
import { afterEach, describe, expect, it } from 'vitest';
import type { DiagnosisUsage } from '../../src/store/index.js';
import { cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const usage = (costUsd: number, inputTokens: number, outputTokens: number): DiagnosisUsage => ({
  model: 'claude-test',
  turns: 2,
  inputTokens,
  outputTokens,
  costUsd,
  durationMs: 800.4,
});

function arrange() {
  const clock = manualClock();
  const store = open(tempDbPath(), clock);
  const incident = store.createIncident(newIncident(), 'detector');
  const other = store.createIncident(newIncident({ workloadName: 'api' }), 'detector');
  return { clock, store, incidentId: incident.id, otherId: other.id };
}

describe('recordAnswer', () => {
  it('stores the answer with its usage and audits it on the incident without moving it', () => {
    const { store, incidentId, clock } = arrange();
    clock.advance(5);

    const answer = store.recordAnswer({
      incidentId,
      askedBy: 'slack:U123',
      question: 'Why did it run out of memory?',
      status: 'answered',
      answer: 'The cache grows without a bound.',
      sessionId: 'session-9',
      usage: usage(0.01, 500, 80),
    });

    expect(answer).toEqual({
      id: expect.any(Number),
      incidentId,
      askedBy: 'slack:U123',
      question: 'Why did it run out of memory?',
      status: 'answered',
      answer: 'The cache grows without a bound.',
      reason: null,
      sessionId: 'session-9',
      model: 'claude-test',
      turns: 2,
      inputTokens: 500,
      outputTokens: 80,
      costUsd: 0.01,
      durationMs: 800,
      createdAt: '2025-03-01T12:00:05.000Z',
    });
    expect(store.answersOf(incidentId)).toEqual([answer]);
    expect(store.getIncident(incidentId)?.state).toBe('open');
    const last = store.auditTrail(incidentId).at(-1);
    expect(last).toMatchObject({ actor: 'slack:U123', action: 'answer', fromState: null, toState: null });
    expect(JSON.parse(String(last?.detail))).toEqual({ answerId: answer.id, status: 'answered', costUsd: 0.01 });
    expect(store.latestSessionId(incidentId)).toBe('session-9');
  });

  it('stores a refusal with its reason and no usage', () => {
    const { store, incidentId } = arrange();

    const refused = store.recordAnswer({
      incidentId,
      askedBy: 'slack:U123',
      question: 'And now?',
      status: 'refused',
      reason: 'You asked 5 questions in the last hour.',
    });

    expect(refused).toMatchObject({
      status: 'refused',
      answer: null,
      reason: 'You asked 5 questions in the last hour.',
      sessionId: null,
      model: null,
      turns: 0,
      costUsd: 0,
    });
  });

  it('refuses an answer for an incident that does not exist', () => {
    const { store } = arrange();

    const recording = () =>
      store.recordAnswer({ incidentId: 999, askedBy: 'slack:U1', question: 'q', status: 'failed' });

    expect(recording).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('answersSince', () => {
  it('counts questions that ran since a time, by asker and by incident, leaving refusals out', () => {
    const { store, incidentId, otherId, clock } = arrange();
    const ask = (id: number, who: string, status: 'answered' | 'failed' | 'refused') =>
      store.recordAnswer({ incidentId: id, askedBy: who, question: 'q', status });
    ask(incidentId, 'slack:U1', 'answered');
    clock.advance(3600);
    const since = clock.iso();
    ask(incidentId, 'slack:U1', 'answered');
    ask(incidentId, 'slack:U1', 'failed');
    ask(incidentId, 'slack:U1', 'refused');
    ask(otherId, 'slack:U1', 'answered');
    ask(incidentId, 'slack:U2', 'answered');

    expect(store.answersSince({ askedBy: 'slack:U1', since })).toBe(3);
    expect(store.answersSince({ incidentId, since })).toBe(3);
    expect(store.answersSince({ askedBy: 'slack:U1', incidentId, since })).toBe(2);
    expect(store.answersSince({ since })).toBe(4);
    expect(store.answersSince({ askedBy: 'slack:U1', since: '2025-03-01T00:00:00.000Z' })).toBe(4);
  });
});

describe('incidentModelUsage', () => {
  it('sums the incident’s Claude diagnoses and its answers, and nothing of other incidents', () => {
    const { store, incidentId, otherId } = arrange();
    const claude = store.startDiagnosis({ incidentId, attempt: 1, planner: 'claude', model: 'claude-test' });
    store.finishDiagnosis(claude.diagnosis.id, { status: 'no_fix', usage: usage(0.5, 10_000, 900) });
    const runbook = store.startDiagnosis({ incidentId, attempt: 2, planner: 'runbook', model: null });
    store.finishDiagnosis(runbook.diagnosis.id, { status: 'no_fix', usage: { ...usage(0, 0, 0), model: null } });
    store.recordAnswer({
      incidentId,
      askedBy: 'slack:U1',
      question: 'q',
      status: 'answered',
      usage: usage(0.25, 2000, 100),
    });
    store.recordAnswer({ incidentId, askedBy: 'slack:U1', question: 'q', status: 'refused' });
    store.recordAnswer({
      incidentId: otherId,
      askedBy: 'slack:U1',
      question: 'q',
      status: 'answered',
      usage: usage(9, 1, 1),
    });

    const total = store.incidentModelUsage(incidentId);

    expect(total).toEqual({ runs: 2, costUsd: 0.75, inputTokens: 12_000, outputTokens: 1000 });
    expect(store.incidentModelUsage(999)).toEqual({ runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 });
  });
});
