// recordDiagnosis through the SQL-backed recorder, and proposals read back through the Proposal schema.
import { afterEach, expect, it } from 'vitest';
import type { Proposal } from '../../src/planner/proposal/schema.js';
import { loadLatestProposal, loadProposal } from '../../src/planner/proposal/stored.js';
import { recordDiagnosis } from '../../src/runner/diagnosis.js';
import { storeDiagnosisRecorder } from '../../src/runner/store-recorder.js';
import { cleanup, manualClock, newIncident, open, tempDbPath } from '../store/fixtures.js';

afterEach(cleanup);

const proposal: Proposal = {
  summary: { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' },
  actions: [
    {
      type: 'patch_workload',
      reason: 'More memory',
      patch: {
        spec: { template: { spec: { containers: [{ name: 'app', resources: { limits: { memory: '1Gi' } } }] } } },
      },
    },
  ],
};
const usage = { model: 'claude-test', turns: 3, inputTokens: 900, outputTokens: 120, costUsd: 0.004, durationMs: 1500 };

it('records a planner run and its proposal in SQLite, and reads the proposal back parsed', async () => {
  const clock = manualClock();
  const store = open(tempDbPath(), clock);
  const incident = store.createIncident(newIncident(), 'detector');

  const { diagnosisId, proposalId } = await recordDiagnosis(
    storeDiagnosisRecorder(store),
    { incidentId: incident.id, attempt: 1, planner: 'claude', model: null },
    async () => ({ outcome: 'proposed', proposal, usage }),
    { diffOf: () => '--- a\n+++ b\n', now: clock.now },
  );

  expect(store.getDiagnosis(diagnosisId)).toMatchObject({
    status: 'proposed',
    model: 'claude-test',
    turns: 3,
    inputTokens: 900,
    outputTokens: 120,
    costUsd: 0.004,
    durationMs: 1500,
    explanation: 'The limit is too low.',
  });
  expect(loadProposal(store, proposalId!)).toMatchObject({
    id: proposalId,
    incidentId: incident.id,
    diagnosisId,
    status: 'pending',
    diff: '--- a\n+++ b\n',
    proposal,
  });
  expect(loadLatestProposal(store, incident.id)?.proposal).toEqual(proposal);
});

it('refuses to hand out a stored proposal that no longer fits the schema', () => {
  const store = open(tempDbPath());
  const incident = store.createIncident(newIncident(), 'detector');
  const bad = store.saveProposal({
    incidentId: incident.id,
    diagnosisId: null,
    summary: { rootCause: '' },
    actions: [{ type: 'rm_rf' }],
    diff: '',
  });

  expect(() => loadProposal(store, bad.id)).toThrow(
    expect.objectContaining({
      code: 'STORE_ERROR',
      message: expect.stringMatching(/^Proposal \d+ in the database does not fit the proposal schema/),
    }),
  );
});
