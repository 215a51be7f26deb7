// Issue 15: "Request changes" on a proposal supersedes it, moves the incident to `revising` and records the request;
// the revised diagnosis links the proposal it ends with, and remembers its Claude session.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { DiagnosisUsage, RevisionRequest, Store } from '../../src/store/index.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { cleanup, manualClock, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const usage: DiagnosisUsage = {
  model: 'claude-test',
  turns: 3,
  inputTokens: 1000,
  outputTokens: 200,
  costUsd: 0.02,
  durationMs: 1500,
};
const summary = { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' };
const actions = [{ type: 'restart_pod', reason: 'Clear the back-off', pod: 'web-1' }];

/** Diagnoses the incident (from `open` or `revising`) and concludes with a proposal; the diagnosis and proposal. */
function propose(store: Store, incidentId: number, from: 'open' | 'revising', revisionId?: number) {
  store.transition(incidentId, from, 'diagnosing', { actor: 'fixer' });
  const attempt = store.countDiagnoses(incidentId) + 1;
  const { diagnosis } = store.startDiagnosis({
    incidentId,
    attempt,
    planner: 'claude',
    model: 'claude-test',
    ...(revisionId === undefined ? {} : { revisionId }),
  });
  const concluded = store.concludeDiagnosis({
    diagnosisId: diagnosis.id,
    finish: { status: 'proposed', usage, sessionId: `session-${attempt}` },
    proposal: { summary, actions, diff: 'd' },
    to: 'proposed',
    actor: 'fixer',
  });
  return { diagnosisId: diagnosis.id, proposalId: concluded.proposalId! };
}

function arrange() {
  const clock = manualClock();
  const path = tempDbPath();
  const store = open(path, clock);
  const incident = store.createIncident(newIncident(), 'detector');
  const first = propose(store, incident.id, 'open');
  const request = (overrides: Partial<RevisionRequest> = {}): RevisionRequest => ({
    incidentId: incident.id,
    proposalId: first.proposalId,
    actor: 'slack:U123',
    request: 'Raise the memory limit instead of restarting.',
    via: 'slack',
    maxRevisions: 3,
    ...overrides,
  });
  return { clock, path, store, incidentId: incident.id, first, request };
}

describe('requestRevision', () => {
  it('supersedes the proposal, moves the incident to revising and audits the request once', () => {
    const { store, incidentId, first, request, clock } = arrange();
    clock.advance(30);
    const trailBefore = store.auditTrail(incidentId).length;

    const result = store.requestRevision(request());

    expect(result).toEqual({
      ok: true,
      revision: {
        id: expect.any(Number),
        incidentId,
        proposalId: first.proposalId,
        number: 1,
        requestedBy: 'slack:U123',
        request: 'Raise the memory limit instead of restarting.',
        via: 'slack',
        createdAt: '2025-03-01T12:00:30.000Z',
        diagnosisId: null,
        proposalAfterId: null,
      },
    });
    expect(store.getIncident(incidentId)?.state).toBe('revising');
    expect(store.getProposal(first.proposalId)?.status).toBe('superseded');
    const trail = store.auditTrail(incidentId);
    expect(trail).toHaveLength(trailBefore + 1);
    expect(trail.at(-1)).toMatchObject({ actor: 'slack:U123', fromState: 'proposed', toState: 'revising' });
    expect(trail.at(-1)?.action).toBe('request_changes');
    expect(JSON.parse(String(trail.at(-1)?.detail))).toEqual({
      proposalId: first.proposalId,
      revision: 1,
      request: 'Raise the memory limit instead of restarting.',
    });
  });

  it('answers a double submit with moved_on, naming what the proposal is now, and writes nothing', () => {
    const { store, incidentId, first, request } = arrange();
    store.requestRevision(request());
    const before = { incident: store.getIncident(incidentId), trail: store.auditTrail(incidentId) };

    const again = store.requestRevision(request({ request: 'Something else' }));

    expect(again).toEqual({
      ok: false,
      outcome: 'moved_on',
      message: `Incident ${incidentId} is no longer waiting for a decision on proposal ${first.proposalId} (it is superseded now).`,
    });
    expect(store.getIncident(incidentId)).toEqual(before.incident);
    expect(store.auditTrail(incidentId)).toEqual(before.trail);
    expect(store.revisionsOf(incidentId)).toHaveLength(1);
  });

  it('lets only one of two stores on the file record a revision of the same proposal', () => {
    const { store, path, incidentId, request } = arrange();
    const replica = open(path, manualClock());

    const results = [store.requestRevision(request()), replica.requestRevision(request({ actor: 'cli:bob' }))];

    expect(results.map((r) => (r.ok ? 'ok' : r.outcome))).toEqual(['ok', 'moved_on']);
    expect(replica.revisionsOf(incidentId)).toEqual([expect.objectContaining({ requestedBy: 'slack:U123' })]);
    expect(store.auditTrail(incidentId).filter((e) => e.action === 'request_changes')).toHaveLength(1);
  });

  it('answers moved_on when the proposal was approved first', () => {
    const { store, incidentId, first, request } = arrange();
    store.decideProposal({
      proposalId: first.proposalId,
      incidentId,
      actor: 'slack:U999',
      decision: 'approve',
      via: 'slack',
      from: 'proposed',
      to: 'approved',
      proposalFrom: 'pending',
      proposalTo: 'approved',
    });

    const result = store.requestRevision(request());

    expect(result).toMatchObject({
      ok: false,
      outcome: 'moved_on',
      message: `Incident ${incidentId} is no longer waiting for a decision on proposal ${first.proposalId} (it is approved now).`,
    });
    expect(store.getIncident(incidentId)?.state).toBe('approved');
    expect(store.revisionsOf(incidentId)).toEqual([]);
  });

  it('answers limit once the incident had maxRevisions revisions, and leaves the proposal pending', () => {
    const { store, incidentId, first, request } = arrange();
    const revision = store.requestRevision(request({ maxRevisions: 1 }));
    const second = propose(store, incidentId, 'revising', revision.ok ? revision.revision.id : undefined);
    const trailBefore = store.auditTrail(incidentId);

    const result = store.requestRevision(request({ proposalId: second.proposalId, maxRevisions: 1 }));

    expect(first.proposalId).not.toBe(second.proposalId);
    expect(result).toEqual({
      ok: false,
      outcome: 'limit',
      message: `Incident ${incidentId} already had 1 revision, the most allowed (fixer.maxRevisions); approve or reject proposal ${second.proposalId}, or raise the limit.`,
    });
    expect(store.getIncident(incidentId)?.state).toBe('proposed');
    expect(store.getProposal(second.proposalId)?.status).toBe('pending');
    expect(store.auditTrail(incidentId)).toEqual(trailBefore);
  });

  it('numbers revisions per incident and links each to its diagnosis and the proposal that came out of it', () => {
    const { store, incidentId, first, request } = arrange();
    const one = store.requestRevision(request());
    if (!one.ok) throw new Error(one.message);

    const revised = propose(store, incidentId, 'revising', one.revision.id);
    const two = store.requestRevision(request({ proposalId: revised.proposalId, via: 'cli', actor: 'cli:alice' }));
    if (!two.ok) throw new Error(two.message);
    // Started without the revision: attaching names it on both sides.
    store.transition(incidentId, 'revising', 'diagnosing', { actor: 'fixer' });
    const { diagnosis } = store.startDiagnosis({ incidentId, attempt: 3, planner: 'claude', model: 'claude-test' });
    store.attachRevisionDiagnosis(two.revision.id, diagnosis.id);
    const concluded = store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      finish: { status: 'proposed', usage },
      proposal: { summary, actions, diff: 'd2' },
      to: 'proposed',
      actor: 'fixer',
    });

    expect(store.getIncident(incidentId)?.state).toBe('proposed');
    expect(store.revisionsOf(incidentId)).toEqual([
      expect.objectContaining({ number: 1, proposalId: first.proposalId, proposalAfterId: revised.proposalId }),
      expect.objectContaining({
        number: 2,
        via: 'cli',
        requestedBy: 'cli:alice',
        proposalId: revised.proposalId,
        diagnosisId: diagnosis.id,
        proposalAfterId: concluded.proposalId,
      }),
    ]);
    expect(store.latestRevision(incidentId)?.number).toBe(2);
    expect(store.getDiagnosis(diagnosis.id)?.revisionId).toBe(two.revision.id);
    expect(store.getDiagnosis(revised.diagnosisId)?.revisionId).toBe(one.revision.id);
  });

  it('lets a revising incident resolve when the workload recovers', () => {
    const { store, incidentId, request } = arrange();
    store.requestRevision(request());

    const moved = store.transition(incidentId, 'revising', 'resolved', { actor: 'detector' });

    expect(moved).toBe(true);
    expect(store.getIncident(incidentId)?.state).toBe('resolved');
  });
});

describe('Claude sessions', () => {
  it('keeps the session a diagnosis ran in, and gives the newest as the one to resume', () => {
    const { store, incidentId, first, request, clock } = arrange();
    const one = store.requestRevision(request());
    if (!one.ok) throw new Error(one.message);
    clock.advance(60);

    const revised = propose(store, incidentId, 'revising', one.revision.id);

    expect(store.getDiagnosis(first.diagnosisId)?.sessionId).toBe('session-1');
    expect(store.getDiagnosis(revised.diagnosisId)?.sessionId).toBe('session-2');
    expect(store.latestSessionId(incidentId)).toBe('session-2');
  });

  it('has no session for an incident whose diagnoses recorded none', () => {
    const store = open(tempDbPath(), manualClock());
    const { id } = store.createIncident(newIncident(), 'detector');
    store.startDiagnosis({ incidentId: id, attempt: 1, planner: 'runbook', model: null });

    expect(store.latestSessionId(id)).toBeUndefined();
  });
});

describe('migration 9', () => {
  it('keeps incidents, diagnoses and proposals written under version 8, with no session or revision', () => {
    const path = tempDbPath();
    const db = raw(path);
    migrate(db, { path, logger: silentLogger(), migrations: MIGRATIONS.slice(0, 8) });
    db.exec(`INSERT INTO incidents (id, fingerprint, cluster, namespace, workload_kind, workload_name, reason, message, state, first_seen_at, last_seen_at, detected_at, created_at, updated_at)
      VALUES (1, 'f', 'c', 'ns', 'Deployment', 'web', 'OOMKilled', 'm', 'proposed', 't', 't', 't', 't', 't')`);
    db.exec(`INSERT INTO diagnoses (id, incident_id, attempt, planner, model, status, started_at, finished_at, cost_usd)
      VALUES (1, 1, 1, 'claude', 'claude-test', 'proposed', 't', 't', 0.5)`);
    db.exec(
      `INSERT INTO proposals (id, incident_id, diagnosis_id, created_at, summary, actions, status) VALUES (1, 1, 1, 't', '{}', '[]', 'pending')`,
    );

    const store = open(path, manualClock());

    expect(store.getIncident(1)?.state).toBe('proposed');
    expect(store.getDiagnosis(1)).toMatchObject({
      status: 'proposed',
      costUsd: 0.5,
      sessionId: null,
      revisionId: null,
    });
    expect(store.revisionsOf(1)).toEqual([]);
    expect(store.answersOf(1)).toEqual([]);
    const result = store.requestRevision({
      incidentId: 1,
      proposalId: 1,
      actor: 'cli:alice',
      request: 'Try a smaller change.',
      via: 'cli',
      maxRevisions: 2,
    });
    expect(result).toMatchObject({ ok: true, revision: { number: 1, proposalId: 1 } });
    expect(store.getIncident(1)?.state).toBe('revising');
  });
});
