// How a diagnosis Job can fail, each ending in diagnosis_failed with the reason in words and nothing left behind;
// the start-up sweep; and cancelling on stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobSettings, SWEEP_SELECTOR } from '../../../src/runner/runners.js';
import { waitFor } from '../../helpers/wait.js';
import { BOT_NS, jobRunner, startWorld, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('a diagnosis Job that fails', () => {
  it.each<[string, Partial<JobSettings>, Record<string, string>, RegExp]>([
    [
      'runs past its deadline',
      { image: 'clopus:hang', deadlineGraceSeconds: 0 },
      { CLOPUS_CLAUDE_TIMEOUT_SECONDS: '1' },
      /^the diagnosis Job ran past its deadline of 1 s \(activeDeadlineSeconds\) and was stopped$/,
    ],
    [
      'crashes',
      { image: 'clopus:crash' },
      {},
      /^the diagnosis Job's pod exited with code 3 without a result; its last log line: fatal: cannot load the planner$/,
    ],
    [
      'is OOMKilled (clopus diagnose itself, under a tiny memory limit)',
      { memoryLimit: '24Mi' },
      {},
      /^the diagnosis Job's pod was OOMKilled: it needed more memory than its 24Mi limit \(raise CLOPUS_RUNNER_MEMORY_LIMIT\)$/,
    ],
    [
      'prints a malformed result line',
      { image: 'clopus:malformed' },
      {},
      /^the diagnosis Job's result line is malformed: proposal: .*usage\.model/,
    ],
    [
      'prints no result line',
      { image: 'clopus:silent' },
      {},
      /^the diagnosis Job finished without a result line in its log$/,
    ],
    [
      'cannot start because its Secret is missing',
      { image: 'clopus:hang', secretName: 'absent' },
      {},
      /^the diagnosis Job's pod cannot start \(CreateContainerConfigError: secret "absent" not found\)$/,
    ],
    [
      'has an image the cluster cannot pull',
      { image: 'registry.invalid/clopus:0.0.0' },
      {},
      /^the diagnosis Job's image "registry.invalid\/clopus:0.0.0" cannot be pulled \(ImagePullBackOff: Back-off pulling image "registry.invalid\/clopus:0.0.0"\); set CLOPUS_RUNNER_IMAGE/,
    ],
  ])(
    '%s → diagnosis_failed with the reason, and the Job and ConfigMap are deleted',
    async (_, settings, env, reason) => {
      const { store, incidentId, deps } = w.arrange(env);

      const outcome = await w.diagnose(deps(jobRunner(w, settings).plan), incidentId);

      expect(outcome).toMatchObject({ outcome: 'failed', planner: 'claude', reason: expect.stringMatching(reason) });
      expect(store.getIncident(incidentId)?.state).toBe('diagnosis_failed');
      expect(store.listDiagnoses(incidentId)).toMatchObject([
        { status: 'failed', error: expect.stringMatching(reason) },
      ]);
      expect(JSON.parse(store.auditTrail(incidentId).at(-1)!.detail!)).toMatchObject({
        reason: expect.stringMatching(reason),
      });
      expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
    },
  );
});

describe('the job runner', () => {
  it('sweeps the Jobs and ConfigMaps a previous run left, and nothing else', async () => {
    const labels = Object.fromEntries(SWEEP_SELECTOR.split(',').map((kv) => kv.split('=')));
    const spec = {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'diagnose', image: 'clopus:hang', command: ['clopus', 'diagnose'] }],
        },
      },
    };
    await w.kube.createJob(BOT_NS, { metadata: { name: 'clopus-diagnosis-9-old', labels }, spec });
    await w.kube.createConfigMap(BOT_NS, {
      metadata: { name: 'clopus-diagnosis-input-2', labels },
      data: { 'diagnosis.json': '{}' },
    });
    await w.kube.createConfigMap(BOT_NS, { metadata: { name: 'unrelated' }, data: {} });

    const swept = await jobRunner(w).sweep();

    expect(swept).toEqual({ jobs: 1, configMaps: 1 });
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: ['unrelated'] });
    await w.kube.deleteConfigMap(BOT_NS, 'unrelated');
  });

  it('names the input ConfigMap by its Job slot, and replaces one a previous run left in that slot', async () => {
    await w.kube.createConfigMap(BOT_NS, {
      metadata: { name: 'clopus-diagnosis-input-0' },
      data: { 'diagnosis.json': '{"stale":true}' },
    });
    const { incidentId, deps } = w.arrange();
    const mounted: string[] = [];
    const unsubscribe = w.sandbox.cluster.subscribe((c) => {
      if (c.kind === 'Job' && c.type === 'ADDED')
        mounted.push(String(c.entry.obj.spec?.template?.spec?.volumes?.[0]?.configMap?.name));
    });

    const outcome = await w.diagnose(deps(jobRunner(w, { image: 'clopus:slow-no-fix' }).plan), incidentId);
    unsubscribe();

    expect(outcome).toMatchObject({ outcome: 'no_fix', explanation: 'Nothing to change.' });
    expect(mounted).toEqual(['clopus-diagnosis-input-0']);
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
  });

  it('keeps following a Job when the API server drops its watches', async () => {
    const { incidentId, deps } = w.arrange();
    const unsubscribe = w.sandbox.cluster.subscribe((c) => {
      if (c.kind === 'Job' && c.type === 'ADDED') setTimeout(() => void w.sandbox.restart(), 300);
    });

    const outcome = await w.diagnose(deps(jobRunner(w, { image: 'clopus:slower-no-fix' }).plan), incidentId);
    unsubscribe();

    expect(outcome).toMatchObject({ outcome: 'no_fix', explanation: 'Nothing to change.' });
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
  });

  it('cancels a running diagnosis on stop(): the diagnosis fails as cancelled and its Job is deleted', async () => {
    const { incidentId, deps } = w.arrange();
    const runner = jobRunner(w, { image: 'clopus:hang' });

    const running = w.diagnose(deps(runner.plan), incidentId);
    await waitFor(() => w.leftovers().jobs.length === 1, { what: 'the diagnosis Job to be created' });
    await runner.stop();

    expect(await running).toMatchObject({ outcome: 'failed', reason: 'the diagnosis was cancelled' });
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
  });
});
