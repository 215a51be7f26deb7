// The runner's configuration: CLOPUS_RUNNER and the Job settings, and where the Job's image and namespace come
// from when they are not set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import { createRunner, jobSettings } from '../../../src/runner/runners.js';
import { barePod, type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

let sb: Sandbox;
let kube: KubeClient;
beforeAll(async () => {
  sb = await startSandbox();
  barePod(sb.cluster, {
    namespace: 'ops',
    name: 'clopus-7d9f-x2x',
    containers: [
      { name: 'sidecar', image: 'proxy:1' },
      { name: 'clopus', image: 'ghcr.io/acme/clopus:1.4.0' },
    ],
  });
  kube = new KubeClient(sb.kubeConfig());
});
afterAll(async () => {
  await sb?.stop();
});

describe('the runner config', () => {
  it('defaults to in process, with documented Job settings', () => {
    expect(loadConfig({}).runner).toEqual({
      mode: 'inprocess',
      job: {
        serviceAccount: 'clopus-diagnoser',
        secretName: 'clopus-model-credentials',
        cpuRequest: '250m',
        cpuLimit: '1',
        memoryRequest: '512Mi',
        memoryLimit: '1Gi',
        deadlineGraceSeconds: 60,
        ttlSecondsAfterFinished: 600,
        concurrency: 3,
      },
    });
  });

  it('reads every runner env key', () => {
    const { runner } = loadConfig({
      CLOPUS_RUNNER: 'job',
      CLOPUS_RUNNER_IMAGE: 'clopus:2',
      CLOPUS_RUNNER_NAMESPACE: 'bots',
      CLOPUS_RUNNER_SERVICE_ACCOUNT: 'diag',
      CLOPUS_RUNNER_SECRET: 'keys',
      CLOPUS_RUNNER_CPU_REQUEST: '100m',
      CLOPUS_RUNNER_CPU_LIMIT: '2',
      CLOPUS_RUNNER_MEMORY_REQUEST: '256Mi',
      CLOPUS_RUNNER_MEMORY_LIMIT: '2Gi',
      CLOPUS_RUNNER_DEADLINE_GRACE_SECONDS: '30',
      CLOPUS_RUNNER_TTL_SECONDS: '60',
      CLOPUS_RUNNER_CONCURRENCY: '5',
    });

    expect(runner).toEqual({
      mode: 'job',
      job: {
        image: 'clopus:2',
        namespace: 'bots',
        serviceAccount: 'diag',
        secretName: 'keys',
        cpuRequest: '100m',
        cpuLimit: '2',
        memoryRequest: '256Mi',
        memoryLimit: '2Gi',
        deadlineGraceSeconds: 30,
        ttlSecondsAfterFinished: 60,
        concurrency: 5,
      },
    });
  });

  it.each([
    [
      { CLOPUS_RUNNER: 'pod' },
      /runner\.mode \(from CLOPUS_RUNNER\): Invalid option: expected one of "inprocess"\|"job"/,
    ],
    [
      { CLOPUS_RUNNER_MEMORY_LIMIT: 'lots' },
      /runner\.job\.memoryLimit \(from CLOPUS_RUNNER_MEMORY_LIMIT\): expected a memory quantity/,
    ],
    [{ CLOPUS_RUNNER_CONCURRENCY: '0' }, /runner\.job\.concurrency \(from CLOPUS_RUNNER_CONCURRENCY\)/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the Job settings in a cluster', () => {
  it("default to the running pod's own image (its clopus container) and namespace", async () => {
    const settings = await jobSettings(loadConfig({}).runner.job, kube, {
      POD_NAMESPACE: 'ops',
      HOSTNAME: 'clopus-7d9f-x2x',
    });

    expect(settings).toMatchObject({ image: 'ghcr.io/acme/clopus:1.4.0', namespace: 'ops' });
  });

  it('keep a configured image and namespace without asking the API', async () => {
    const settings = await jobSettings(
      loadConfig({ CLOPUS_RUNNER_IMAGE: 'clopus:9', CLOPUS_RUNNER_NAMESPACE: 'diag' }).runner.job,
      kube,
      {},
    );

    expect(settings).toMatchObject({ image: 'clopus:9', namespace: 'diag' });
  });

  it.each([
    [{}, /set CLOPUS_RUNNER_IMAGE, or run in a pod with POD_NAMESPACE/],
    [
      { POD_NAMESPACE: 'ops', POD_NAME: 'gone' },
      /cannot read the bot's own pod ops\/gone for its image \(.*not found.*\); set CLOPUS_RUNNER_IMAGE/,
    ],
  ])('say what to set when the image cannot be found (%o)', async (env, message) => {
    await expect(jobSettings(loadConfig({}).runner.job, kube, env)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(message),
    });
  });

  it("make createRunner run diagnoses as Jobs, with the model reachable only through the Job's Secret", async () => {
    const config = loadConfig({ CLOPUS_RUNNER: 'job', CLOPUS_RUNNER_IMAGE: 'clopus:9' });

    const runner = await createRunner({ config, kube, logger: silentLogger(), env: {} });
    await runner.start();

    expect(runner.mode).toBe('job');
    expect(runner.access?.credentials.vars).toEqual({});
    expect(runner.stats()).toEqual({ mode: 'job', queued: 0, running: 0 });
    await runner.stop();
    const here = await createRunner({ config: loadConfig({}), kube, logger: silentLogger(), env: {} });
    expect(here.mode).toBe('inprocess');
    expect(here.access).toBeUndefined();
  });
});
