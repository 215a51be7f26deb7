// The runbook path end to end: the real detector files an OOMKilled Deployment, the diagnosis proposes a higher
// limit with a YAML diff from the server's dry run, all recorded in the store; no model is involved.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { fixerKube } from '../../../src/planner/kube.js';
import { loadLatestProposal } from '../../../src/planner/proposal/stored.js';
import { type DiagnoseDeps, diagnoseIncident } from '../../../src/runner/diagnoser/index.js';
import { crashLoop, deployment, oomKilled } from '../../../src/sandbox/index.js';
import { type Harness, startHarness } from '../../helpers/bot.js';
import { waitFor } from '../../helpers/wait.js';
import { fixerConfig } from './setup.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function incidentFor(harness: Harness, ns: string): Promise<number> {
  await harness.detector.start();
  const found = await waitFor(() => harness.store.listIncidents({ namespace: ns, limit: 5, offset: 0 }).items[0], {
    what: `the detector to file an incident in ${ns}`,
  });
  await harness.detector.idle();
  return found.id;
}

function depsFor(harness: Harness, env: Record<string, string> = {}): DiagnoseDeps {
  return { store: harness.store, kube: fixerKube(harness.kube), config: fixerConfig(env), logger: silentLogger() };
}

describe('diagnoseIncident with runbooks only', () => {
  it('turns an OOMKilled Deployment into a proposal with a YAML diff of the memory change', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, {
      namespace: 'shop',
      name: 'api',
      replicas: 3,
      containers: [{ name: 'api', image: 'shop/api:2.0', resources: { limits: { memory: '256Mi' } } }],
    });
    for (const p of pods) oomKilled(h.sandbox.cluster, 'shop', p.metadata.name, { restarts: 3 });
    const id = await incidentFor(h, 'shop');
    const deps = depsFor(h);

    const outcome = await diagnoseIncident(deps, id);
    const again = await diagnoseIncident(deps, id);

    expect(outcome).toEqual({
      outcome: 'proposed',
      diagnosisId: expect.any(Number),
      proposalId: expect.any(Number),
      planner: 'runbook',
    });
    expect(again).toEqual({ outcome: 'skipped', reason: 'the incident is proposed' });
    expect(h.store.getIncident(id)?.state).toBe('proposed');
    const trail = h.store.auditTrail(id).filter((a) => a.toState !== null);
    expect(trail.map((a) => [a.actor, a.toState])).toEqual([
      ['detector', 'open'],
      ['fixer', 'diagnosing'],
      ['fixer', 'proposed'],
    ]);
    expect(JSON.parse(trail[2]!.detail!)).toMatchObject({
      attempt: 1,
      planner: 'runbook',
      runbook: 'oom-memory',
      confidence: 'medium',
      actions: ['patch_workload'],
    });
    expect(h.store.listDiagnoses(id)).toEqual([
      expect.objectContaining({
        attempt: 1,
        planner: 'runbook',
        status: 'proposed',
        model: null,
        costUsd: 0,
        turns: 0,
        error: null,
      }),
    ]);
    const stored = loadLatestProposal(h.store, id);
    expect(stored).toMatchObject({
      status: 'pending',
      diagnosisId: outcome.outcome === 'proposed' ? outcome.diagnosisId : -1,
      proposal: { actions: [{ type: 'patch_workload', reason: "Raise api's memory limit from 256Mi to 512Mi (x2)" }] },
    });
    expect(stored?.diff).toMatch(
      /^1\. patch_workload Deployment shop\/api\nclass: resources · changes: spec\.template\.spec\.containers\[api\]\.resources\.limits\.memory\n--- deployment\/api\tcurrent\n\+\+\+ deployment\/api\tafter the patch \(server dry run\)\n/,
    );
    expect(stored?.classes).toEqual([
      { seq: 1, changeClass: 'resources', fields: ['spec.template.spec.containers[api].resources.limits.memory'] },
    ]);
    expect(stored?.diff).toMatch(/^-\s+memory: 256Mi$/m);
    expect(stored?.diff).toMatch(/^\+\s+memory: 512Mi$/m);
    expect(h.sandbox.cluster.get('Deployment', 'shop', 'api')?.spec?.template).toMatchObject({
      spec: { containers: [{ resources: { limits: { memory: '256Mi' } } }] },
    });
  });

  it('ends in no_fix, saying why, when no runbook applies and there are no model credentials', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    crashLoop(h.sandbox.cluster, 'shop', pods[0]!.metadata.name, { restarts: 6 });
    const id = await incidentFor(h, 'shop');

    const outcome = await diagnoseIncident(depsFor(h), id);

    expect(outcome).toMatchObject({
      outcome: 'no_fix',
      planner: 'runbook',
      explanation: 'No runbook applies to CrashLoopBackOff. No model credentials are configured, so only runbooks run.',
    });
    expect(h.store.getIncident(id)?.state).toBe('no_fix');
    expect(h.store.listDiagnoses(id)[0]).toMatchObject({
      status: 'no_fix',
      explanation: expect.stringContaining('No runbook applies'),
    });
  });

  it('fails, with the reason, when CLOPUS_PLANNER=claude has no credentials', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'web', replicas: 1 });
    crashLoop(h.sandbox.cluster, 'shop', pods[0]!.metadata.name, { restarts: 6 });
    const id = await incidentFor(h, 'shop');

    const outcome = await diagnoseIncident(depsFor(h, { CLOPUS_PLANNER: 'claude' }), id);

    expect(outcome).toMatchObject({
      outcome: 'failed',
      planner: 'claude',
      reason: expect.stringMatching(/^CLOPUS_PLANNER=claude, but no model credentials/),
      retryAt: expect.any(String),
    });
    expect(h.store.getIncident(id)?.state).toBe('diagnosis_failed');
  });
});

describe('diagnoseIncident where Clopus is installed read-only', () => {
  it('ends in no_fix naming the fix it would propose and the overlay that allows it, instead of failing and retrying', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, {
      namespace: 'shop',
      name: 'api',
      replicas: 1,
      containers: [{ name: 'api', image: 'shop/api:2.0', resources: { limits: { memory: '256Mi' } } }],
    });
    oomKilled(h.sandbox.cluster, 'shop', pods[0]!.metadata.name, { restarts: 3 });
    const id = await incidentFor(h, 'shop');
    h.sandbox.faults.inject({ method: 'PATCH', path: /\/deployments\/api/, status: 403, times: Infinity });

    const outcome = await diagnoseIncident(depsFor(h), id);

    expect(outcome).toMatchObject({ outcome: 'no_fix', planner: 'runbook' });
    expect(h.store.getIncident(id)?.state).toBe('no_fix');
    const explanation = outcome.outcome === 'no_fix' ? outcome.explanation : '';
    expect(explanation).toContain("Raise api's memory limit from 256Mi to 512Mi");
    expect(explanation).toContain('k8s/overlays/actions');
  });
});
