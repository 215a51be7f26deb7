// The Claude path: the real Claude Code binary through the SDK against the Messages API fake, on the sandbox,
// with the store recording usage per diagnosis, and a bounded retry when the model fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { fixerKube } from '../../../src/planner/kube.js';
import { loadLatestProposal } from '../../../src/planner/proposal/stored.js';
import { type DiagnoseDeps, diagnoseIncident } from '../../../src/runner/diagnoser/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { overloaded, reply, text, toolResults, toolUse } from '../../fakes/anthropic.js';
import { cleanup, manualClock, tempDbPath } from '../../store/fixtures.js';
import { NS, startWorld, t, type World } from '../claude/harness.js';
import { fakeAccess, fixerConfig, runsStarted, TEST_LIMITS } from './setup.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
  cleanup();
});

/** The world's crashing Deployment filed in a fresh store, with the detector's evidence. */
function arrange(env: Record<string, string> = {}) {
  const clock = manualClock(new Date().toISOString());
  store = openStore(tempDbPath(), { now: clock.now });
  const incident = store.createIncident(
    {
      fingerprint: `test/${NS}/Deployment/web/web/CrashLoopBackOff/${Math.random()}`,
      cluster: 'test',
      namespace: NS,
      workloadKind: 'Deployment',
      workloadName: 'web',
      container: 'web',
      reason: 'CrashLoopBackOff',
      message: w.incident.message,
      restarts: 4,
      pods: w.pods.map((name) => ({
        name,
        uid: `uid-${name}`,
        restarts: 4,
        message: 'back-off',
        lastSeenAt: clock.iso(),
      })),
    },
    'detector',
  );
  for (const e of w.evidence) store.addEvidence(incident.id, e);
  const deps: DiagnoseDeps = {
    store,
    kube: fixerKube(w.kube),
    config: fixerConfig(env),
    access: fakeAccess(w.fake),
    logger: silentLogger(),
    now: clock.now,
    limits: TEST_LIMITS,
  };
  return { store, incident, deps, clock };
}

const summary = {
  rootCause: 'The app needs more memory than 128Mi while it loads its cache.',
  confidence: 'medium',
  risk: 'low',
} as const;
const memory = (requests: string | undefined, limits: string) => ({
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            resources: { limits: { memory: limits }, ...(requests ? { requests: { memory: requests } } : {}) },
          },
        ],
      },
    },
  },
});

describe('diagnoseIncident with Claude', () => {
  it('investigates, is told the server refused its first patch, corrects it, and the proposal, diff and usage are stored', async () => {
    const { store, incident, deps } = arrange();
    let refusal = '';
    w.fake.load([
      () => reply(toolUse(t('get_logs'), { pod: w.pods[0]!, previous: true, tailLines: 20 })),
      () =>
        reply(
          toolUse(t('propose_fix'), {
            summary,
            actions: [{ type: 'patch_workload', reason: 'More memory', patch: memory('2Gi', '1Gi') }],
          }),
        ),
      (req) => {
        refusal = toolResults(req)[0]?.text ?? '';
        return reply(
          toolUse(t('propose_fix'), {
            summary,
            actions: [{ type: 'patch_workload', reason: 'More memory', patch: memory(undefined, '1Gi') }],
          }),
        );
      },
      () => reply(text('Proposed a 1Gi memory limit.')),
    ]);
    const before = runsStarted(w.fake);

    const outcome = await diagnoseIncident(deps, incident.id);

    expect(refusal).toMatch(
      /^Refused:\n- action 1 \(patch_workload\): the API server refused the patch of Deployment shop\/web \(dry run\): .*must be less than or equal to memory limit/,
    );
    expect(outcome).toEqual({
      outcome: 'proposed',
      diagnosisId: expect.any(Number),
      proposalId: expect.any(Number),
      planner: 'claude',
    });
    expect(runsStarted(w.fake) - before).toBe(1);
    expect(store.getIncident(incident.id)?.state).toBe('proposed');
    const [diagnosis] = store.listDiagnoses(incident.id);
    expect(diagnosis).toMatchObject({
      attempt: 1,
      planner: 'claude',
      status: 'proposed',
      model: expect.any(String),
      turns: 4,
      explanation: summary.rootCause,
    });
    expect(diagnosis!.inputTokens).toBeGreaterThan(0);
    expect(diagnosis!.outputTokens).toBeGreaterThan(0);
    expect(diagnosis!.costUsd).toBeGreaterThan(0);
    expect(diagnosis!.durationMs).toBeGreaterThan(0);
    const stored = loadLatestProposal(store, incident.id);
    expect(stored?.proposal.actions).toEqual([
      { type: 'patch_workload', reason: 'More memory', patch: memory(undefined, '1Gi') },
    ]);
    expect(stored?.diff).toMatch(/^\+\s+limits:\n\+\s+memory: 1Gi$/m);
    const moved = store.auditTrail(incident.id).at(-1);
    expect(moved).toMatchObject({ fromState: 'diagnosing', toState: 'proposed' });
    expect(JSON.parse(moved!.detail!)).toMatchObject({
      planner: 'claude',
      model: diagnosis!.model,
      costUsd: diagnosis!.costUsd,
    });
  });

  it('ends in diagnosis_failed when the model fails, retries only after the back-off, and stops after the attempt budget', async () => {
    const { store, incident, deps, clock } = arrange({
      CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '2',
      CLOPUS_DIAGNOSIS_RETRY_BACKOFF_SECONDS: '60',
    });
    w.fake.load([() => overloaded()]);
    const before = runsStarted(w.fake);

    const first = await diagnoseIncident(deps, incident.id);
    const tooSoon = await diagnoseIncident(deps, incident.id);
    clock.advance(61);
    const second = await diagnoseIncident(deps, incident.id);
    clock.advance(3600);
    const third = await diagnoseIncident(deps, incident.id);

    expect(first).toMatchObject({
      outcome: 'failed',
      planner: 'claude',
      reason: expect.stringMatching(/529/),
      retryAt: new Date(Date.parse(clock.iso()) - 3661_000 + 60_000).toISOString(),
    });
    expect(tooSoon).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^the next retry is due at /) });
    expect(second).toMatchObject({ outcome: 'failed' });
    expect(second).not.toHaveProperty('retryAt');
    expect(third).toEqual({ outcome: 'skipped', reason: 'all 2 automatic diagnoses of this incident are spent' });
    expect(runsStarted(w.fake) - before).toBe(2);
    expect(store.listDiagnoses(incident.id).map((d) => [d.attempt, d.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(store.getIncident(incident.id)?.state).toBe('diagnosis_failed');
    const details = store
      .auditTrail(incident.id)
      .filter((a) => a.toState === 'diagnosis_failed')
      .map((a) => JSON.parse(a.detail!) as { retry: string; reason: string });
    expect(details.map((d) => d.retry)).toEqual([
      expect.stringMatching(/^automatic retry at /),
      'no automatic retry left',
    ]);
    expect(details[0]!.reason).toMatch(/^the model API call failed: API Error: 529/);
  });
});
