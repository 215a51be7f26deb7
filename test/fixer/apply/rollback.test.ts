import { afterEach, describe, expect, it } from 'vitest';
import type { Proposal } from '../../../src/planner/proposal/schema.js';
import { applyProposal, rollbackProposal, sha256 } from '../../../src/remediation/apply/index.js';
import { autoRollout } from '../../../src/sandbox/index.js';
import { waitFor } from '../../helpers/wait.js';
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
const stops: Array<() => void> = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await h.sandbox.stop();
});

const apply = (p: Proposal, planned = h.planned) =>
  applyProposal({
    kube: h.kube,
    proposalId: 3,
    proposal: p,
    incident: h.incident,
    planned,
    recorder: h.recorder,
    logger: h.logger,
    envelope: TEST_ENVELOPE,
  });
const rollback = () => rollbackProposal({ kube: h.kube, recorder: h.recorder, proposalId: 3, logger: h.logger });

describe('rollbackProposal', () => {
  it('restores the file and the previous spec, so the memory limit the fix added is gone', async () => {
    h = await setup();
    const spec = h.deploymentSpec();
    await apply(proposal(editConfig(h.pod), memoryLimitPatch('1Gi')));

    const out = await rollback();

    expect(out).toMatchObject({
      status: 'rolled_back',
      results: [
        { seq: 1, status: 'rolled_back' },
        { seq: 2, status: 'rolled_back' },
      ],
    });
    expect(h.file()).toBe(OLD_CONFIG);
    expect(h.deploymentSpec()).toEqual(spec);
    expect(h.deploymentSpec().template.spec.containers[0].resources).toEqual({});
    expect(h.recorder.rows.map((r) => r.status)).toEqual(['rolled_back', 'rolled_back']);
  });

  it('after a partial failure, restores what was done', async () => {
    h = await setup();
    const applied = await apply(
      proposal(editConfig(h.pod), { type: 'exec', reason: 'reload', pod: h.pod, container: 'api', argv: ['false'] }),
    );

    const out = await rollback();

    expect(applied.status).toBe('apply_failed');
    expect(out.status).toBe('rolled_back');
    expect(out.results.map((r) => [r.seq, r.status])).toEqual([
      [1, 'rolled_back'],
      [2, 'nothing_to_do'],
    ]);
    expect(h.file()).toBe(OLD_CONFIG);
  });

  it('says that exec and restart_pod cannot be undone', async () => {
    h = await setup();
    const other = h.incident.pods[1]!.name;
    await apply(
      proposal(
        { type: 'exec', reason: 'flush', pod: h.pod, container: 'api', argv: ['echo', 'flushed'] },
        { type: 'restart_pod', reason: 'fresh start', pod: other },
      ),
    );

    const out = await rollback();

    expect(out.status).toBe('rolled_back');
    expect(out.results).toMatchObject([
      { seq: 1, status: 'irreversible', detail: expect.stringContaining('a command cannot be undone') },
      { seq: 2, status: 'irreversible', detail: expect.stringContaining('a deleted pod cannot be brought back') },
    ]);
    expect(h.recorder.rows.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('never creates a file the diagnosis did not read, so a rollback has nothing to remove', async () => {
    h = await setup();
    const out = await apply(
      proposal(editConfig(h.pod, { path: '/etc/api/extra.yaml', content: 'x: 1\n', expected: null })),
    );
    const fs = () => h.sandbox.cluster.files(NS, h.pod, 'api');

    expect(out).toMatchObject({
      status: 'stale',
      reason: expect.stringContaining('/etc/api/extra.yaml was not read during the diagnosis'),
    });
    expect(fs().has('/etc/api/extra.yaml')).toBe(false);
    expect(fs().get(CONFIG)?.toString()).toBe(OLD_CONFIG);
  });

  it('keeps a change someone made after the fix, and says so', async () => {
    h = await setup();
    await apply(proposal(editConfig(h.pod), memoryLimitPatch('1Gi')));
    h.sandbox.cluster.files(NS, h.pod, 'api').set(CONFIG, Buffer.from('edited by hand\n'));
    h.sandbox.cluster.update('Deployment', NS, 'api', (d) => {
      (d.spec as any).template.spec.containers[0].image = 'example/api:1.1';
    });

    const out = await rollback();

    expect(out.status).toBe('rollback_failed');
    expect(out.reason).toContain('action 2 (patch_workload): deployment/api changed since the fix (spec.template)');
    expect(out.reason).toContain(`action 1 (edit_file): ${CONFIG} in ${h.pod}/api changed since the fix`);
    expect(h.file()).toBe('edited by hand\n');
    expect(h.deploymentSpec().template.spec.containers[0]).toMatchObject({
      image: 'example/api:1.1',
      resources: { limits: { memory: '1Gi' } },
    });
  });

  it('is harmless to run twice', async () => {
    h = await setup();
    await apply(proposal(editConfig(h.pod), memoryLimitPatch()));
    await rollback();
    const rv = h.sandbox.cluster.get('Deployment', NS, 'api')?.metadata.resourceVersion;

    const again = await rollback();

    expect(again.status).toBe('rolled_back');
    expect(again.results.map((r) => r.detail)).toEqual(['already rolled back', 'already rolled back']);
    expect(h.sandbox.cluster.get('Deployment', NS, 'api')?.metadata.resourceVersion).toBe(rv);
  });

  it('counts an edit as gone with its pod once a rollout replaced the pod', async () => {
    h = await setup();
    const stop = autoRollout(h.sandbox.cluster);
    stops.push(stop);
    await apply(proposal(editConfig(h.pod), memoryLimitPatch()));
    await waitFor(() => !h.sandbox.cluster.get('Pod', NS, h.pod));
    // The sandbox names pods deterministically: rolling back to the old template would bring the name back.
    stop();

    const out = await rollback();

    expect(out.status).toBe('rolled_back');
    expect(out.results[0]).toMatchObject({
      seq: 1,
      status: 'rolled_back',
      detail: `pod ${h.pod} is gone, and the edit of ${CONFIG} with it`,
    });
    expect(h.recorder.rows[0]?.after).toEqual({ type: 'file', sha256: sha256(NEW_CONFIG) });
  });
});
