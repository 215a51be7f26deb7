// The sweep: stale proposals expire, abandoned diagnoses fail, diagnosable incidents are enqueued; and the
// attempt budget holds across reopens.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import type { FixerKube } from '../../../src/planner/kube.js';
import { type DiagnoseDeps, diagnoseIncident, sweepDiagnoses } from '../../../src/runner/diagnoser/index.js';
import type { DiagnosisUsage } from '../../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from '../../store/fixtures.js';
import { fixerConfig } from './setup.js';

afterEach(cleanup);

const usage: DiagnosisUsage = { model: null, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 0 };
const summary = { rootCause: 'x.', confidence: 'low', risk: 'low' };

function arrange() {
  const clock = manualClock();
  const store = open(tempDbPath(), clock);
  // The sweep and the budget check never reach the cluster.
  const deps: DiagnoseDeps = {
    store,
    kube: {} as FixerKube,
    config: fixerConfig(),
    logger: silentLogger(),
    now: clock.now,
  };
  const enqueued: number[] = [];
  const running = new Set<number>();
  const queue = { enqueue: (id: number) => enqueued.push(id), has: (id: number) => running.has(id) };
  return { clock, store, deps, enqueued, running, queue };
}

describe('sweepDiagnoses', () => {
  it('expires a proposal nobody decided on within the expiry, and leaves a younger one', async () => {
    const { store, deps, clock, queue } = arrange();
    const old = store.createIncident(newIncident({ workloadName: 'old' }), 'detector');
    bringTo(store, old.id, 'proposed');
    const oldProposal = store.saveProposal({ incidentId: old.id, diagnosisId: null, summary, actions: [], diff: '' });
    clock.advance(50 * 60);
    const young = store.createIncident(newIncident({ workloadName: 'young' }), 'detector');
    bringTo(store, young.id, 'proposed');
    store.saveProposal({ incidentId: young.id, diagnosisId: null, summary, actions: [], diff: '' });
    clock.advance(11 * 60);

    const result = sweepDiagnoses(deps, queue);

    expect(result).toMatchObject({ expired: 1 });
    expect(store.getIncident(old.id)?.state).toBe('expired');
    expect(store.getProposal(oldProposal.id)?.status).toBe('expired');
    expect(store.auditTrail(old.id).at(-1)).toMatchObject({
      toState: 'expired',
      detail: expect.stringContaining('no decision within 60 minutes'),
    });
    expect(store.getIncident(young.id)?.state).toBe('proposed');
  });

  it('fails a diagnosis left running long past the time limit, unless this process is running it', async () => {
    const { store, deps, clock, queue, running } = arrange();
    const [a, b, c] = ['a', 'b', 'c'].map((w) => store.createIncident(newIncident({ workloadName: w }), 'detector'));
    for (const i of [a!, b!, c!]) bringTo(store, i.id, 'diagnosing');
    const row = store.startDiagnosis({ incidentId: a!.id, attempt: 1, planner: 'claude', model: null }).diagnosis;
    running.add(c!.id);
    clock.advance(deps.config.timeoutSeconds + 119);
    const early = sweepDiagnoses(deps, queue);
    clock.advance(2);

    const late = sweepDiagnoses(deps, queue);

    expect(early.abandoned).toBe(0);
    expect(late.abandoned).toBe(2);
    expect(store.getIncident(a!.id)?.state).toBe('diagnosis_failed');
    expect(store.getDiagnosis(row.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('never finished'),
    });
    expect(store.getIncident(b!.id)?.state).toBe('diagnosis_failed');
    expect(store.getIncident(c!.id)?.state).toBe('diagnosing');
  });

  it('enqueues open, failed and expired incidents, and nothing else', () => {
    const { store, deps, queue, enqueued } = arrange();
    const ids = (['open', 'diagnosis_failed', 'expired', 'proposed', 'no_fix', 'applied'] as const).map((state, i) => {
      const incident = store.createIncident(newIncident({ workloadName: `w${i}` }), 'detector');
      bringTo(store, incident.id, state);
      return incident.id;
    });

    sweepDiagnoses(deps, queue);

    expect(enqueued.sort()).toEqual(ids.slice(0, 3).sort());
  });
});

describe('the attempt budget', () => {
  it('holds across a reopen: a spent incident is moved to diagnosis_failed without a run, saying why', async () => {
    const { store, deps } = arrange();
    const incident = store.createIncident(newIncident(), 'detector');
    for (const attempt of [1, 2, 3]) {
      const { diagnosis } = store.startDiagnosis({ incidentId: incident.id, attempt, planner: 'claude', model: null });
      store.finishDiagnosis(diagnosis.id, { status: 'no_fix', usage });
    }

    const outcome = await diagnoseIncident(deps, incident.id);

    expect(outcome).toEqual({
      outcome: 'failed',
      reason: 'not diagnosed again: all 3 automatic diagnoses of this incident are spent',
    });
    expect(store.getIncident(incident.id)?.state).toBe('diagnosis_failed');
    expect(store.countDiagnoses(incident.id)).toBe(3);
    expect(await diagnoseIncident(deps, incident.id)).toEqual({
      outcome: 'skipped',
      reason: 'all 3 automatic diagnoses of this incident are spent',
    });
  });
});
