import { afterEach, describe, expect, it } from 'vitest';
import type { Proposal } from '../../../src/planner/proposal/schema.js';
import { applyProposal, fileKey, sha256 } from '../../../src/remediation/apply/index.js';
import { deployment } from '../../../src/sandbox/index.js';
import {
  CONFIG,
  editConfig,
  type Harness,
  memoryLimitPatch,
  NEW_CONFIG,
  NS,
  OLD_CONFIG,
  proposal,
  setup,
  TEST_ENVELOPE,
} from './harness.js';

let h: Harness;

afterEach(async () => {
  await h.sandbox.stop();
});

const apply = (p: Proposal, over: Partial<Parameters<typeof applyProposal>[0]> = {}) =>
  applyProposal({
    kube: h.kube,
    proposalId: 7,
    proposal: p,
    incident: h.incident,
    planned: h.planned,
    recorder: h.recorder,
    logger: h.logger,
    envelope: TEST_ENVELOPE,
    ...over,
  });

describe('applyProposal', () => {
  it('writes an edited file into the container and records its previous content', async () => {
    h = await setup();

    const out = await apply(proposal(editConfig(h.pod)));

    expect(out.status).toBe('applied');
    expect(h.file()).toBe(NEW_CONFIG);
    expect(h.file(h.incident.pods[1]!.name)).toBe(OLD_CONFIG);
    expect([...h.sandbox.cluster.files(NS, h.pod, 'api').keys()]).toEqual([CONFIG]);
    expect(h.recorder.rows).toMatchObject([
      {
        proposalId: 7,
        seq: 1,
        kind: 'edit_file',
        status: 'applied',
        before: { type: 'file', content: OLD_CONFIG, sha256: sha256(OLD_CONFIG) },
        after: { type: 'file', sha256: sha256(NEW_CONFIG) },
      },
    ]);
  });

  it('patches the Deployment and records the spec before', async () => {
    h = await setup();
    const before = h.deploymentSpec();

    const out = await apply(proposal(memoryLimitPatch('512Mi')));

    expect(out.status).toBe('applied');
    expect(h.deploymentSpec().template.spec.containers[0].resources).toEqual({ limits: { memory: '512Mi' } });
    expect(h.recorder.rows[0]).toMatchObject({
      kind: 'patch_workload',
      status: 'applied',
      target: { kind: 'Deployment', name: 'api' },
      before: { type: 'spec', spec: before },
    });
  });

  it('refuses an edit whose file changed since planning, and changes nothing', async () => {
    h = await setup();
    h.sandbox.cluster.files(NS, h.pod, 'api').set(CONFIG, Buffer.from('port: 9090\n'));
    const spec = h.deploymentSpec();

    const out = await apply(proposal(memoryLimitPatch(), editConfig(h.pod)));

    expect(out.status).toBe('stale');
    expect(out.reason).toMatch(/^file changed since planning: \/etc\/api\/config.yaml in api-\S+\/api has SHA-256 /);
    expect(h.file()).toBe('port: 9090\n');
    expect(h.deploymentSpec()).toEqual(spec);
    expect(h.recorder.rows).toEqual([]);
  });

  it('refuses an action on a pod that was replaced since planning', async () => {
    h = await setup();
    const planned = { podUids: { ...h.planned.podUids, [h.pod]: '00000000-0000-0000-0000-000000000000' } };

    const out = await apply(proposal(editConfig(h.pod)), { planned });

    expect(out).toMatchObject({
      status: 'stale',
      reason: expect.stringContaining(`pod ${h.pod} was replaced since the fix was planned`),
    });
    expect(h.file()).toBe(OLD_CONFIG);
  });

  it('refuses a patch the API server no longer accepts, with its message', async () => {
    h = await setup();

    const out = await apply(
      proposal({ type: 'patch_workload', reason: 'more replicas', patch: { spec: { replicas: -1 } } }),
    );

    expect(out.status).toBe('stale');
    expect(out.reason).toMatch(/^the API server no longer accepts the patch: .*replicas/);
    expect(h.deploymentSpec().replicas).toBe(2);
  });

  it('fails with a clear error in a container that has no shell', async () => {
    h = await setup({ noShell: true });

    const out = await apply(proposal(editConfig(h.pod)));

    expect(out.status).toBe('apply_failed');
    expect(out.reason).toMatch(/^container api has no shell; a file edit is not possible here/);
    expect(h.recorder.rows).toMatchObject([{ seq: 1, status: 'failed', before: null }]);
  });

  it('stops at a failing action, records what was done, and returns the recorded outcome when asked again', async () => {
    h = await setup();
    const p = proposal(
      editConfig(h.pod),
      { type: 'exec', reason: 'reload', pod: h.pod, container: 'api', argv: ['false'] },
      memoryLimitPatch(),
    );

    const out = await apply(p);
    const again = await apply(p);

    expect(out).toMatchObject({
      status: 'apply_failed',
      reason: expect.stringMatching(/^action 2 \(exec\) failed: .* exited with code 1/),
    });
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'failed', 'skipped']);
    expect(h.recorder.rows.map((r) => r.status)).toEqual(['applied', 'failed', 'skipped']);
    expect(h.file()).toBe(NEW_CONFIG);
    expect(h.deploymentSpec().template.spec.containers[0].resources).toEqual({});
    expect(again).toMatchObject({ status: 'apply_failed', results: out.results });
  });

  it('restarts a pod by deleting exactly the planned instance', async () => {
    h = await setup();

    const out = await apply(proposal({ type: 'restart_pod', reason: 'clear the stuck cache', pod: h.pod }));

    expect(out.status).toBe('applied');
    expect(h.sandbox.cluster.get('Pod', NS, h.pod)).toBeUndefined();
    expect(h.recorder.rows[0]).toMatchObject({
      kind: 'restart_pod',
      before: { type: 'pod', uid: h.planned.podUids[h.pod] },
    });
  });

  it('refuses a target outside the incident even if the proposal got this far', async () => {
    h = await setup();
    const other = deployment(h.sandbox.cluster, { namespace: NS, name: 'billing', files: { [CONFIG]: OLD_CONFIG } })
      .pods[0]!.metadata.name;

    const out = await apply(proposal(editConfig(other)));

    expect(out).toMatchObject({
      status: 'stale',
      reason: expect.stringContaining(`pod "${other}" is not one of the incident's pods`),
    });
    expect(h.sandbox.cluster.files(NS, other, 'billing').get(CONFIG)?.toString()).toBe(OLD_CONFIG);
  });

  it('fails without changing anything or leaving a record when the re-check cannot read the cluster', async () => {
    h = await setup();
    h.sandbox.faults.inject({ method: 'GET', path: /\/pods\//, status: 503, times: Infinity });

    const out = await apply(proposal(editConfig(h.pod)));

    expect(out).toMatchObject({
      status: 'apply_failed',
      reason: expect.stringMatching(/^could not re-check the proposal, so nothing was changed: .*503/),
    });
    expect(h.file()).toBe(OLD_CONFIG);
    expect(h.recorder.rows).toEqual([]);
  });

  it.each([
    ['no hash at all', false, 'stale'],
    ['the hash recorded at planning', true, 'applied'],
  ] as const)('judges an existing file edited without expectedSha256 by %s', async (_, withHash, status) => {
    h = await setup();
    const fileHashes = withHash
      ? { fileHashes: { [fileKey({ pod: h.pod, container: 'api', path: CONFIG })]: sha256(OLD_CONFIG) } }
      : {};

    const out = await apply(proposal(editConfig(h.pod, { expected: null })), {
      planned: { ...h.planned, ...fileHashes },
    });

    expect(out.status).toBe(status);
    expect(h.file()).toBe(status === 'applied' ? NEW_CONFIG : OLD_CONFIG);
  });
});
