// Apply and rollback writing through the store's applied_actions: the same records as in memory, kept in SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import type { Proposal } from '../../../src/planner/proposal/schema.js';
import {
  applyProposal,
  memoryActionRecorder,
  rollbackProposal,
  sha256,
  storeActionRecorder,
} from '../../../src/remediation/apply/index.js';
import type { Store } from '../../../src/store/index.js';
import { cleanup, newIncident, open, tempDbPath } from '../../store/fixtures.js';
import { editConfig, type Harness, memoryLimitPatch, NEW_CONFIG, OLD_CONFIG, proposal, setup } from './harness.js';

let h: Harness;

afterEach(async () => {
  cleanup();
  await h.sandbox.stop();
});

function storedProposal(store: Store, p: Proposal): number {
  const incident = store.createIncident(newIncident({ namespace: 'shop', workloadName: 'api' }), 'detector');
  return store.saveProposal({
    incidentId: incident.id,
    diagnosisId: null,
    summary: p.summary,
    actions: p.actions,
    diff: '',
  }).id;
}

describe('storeActionRecorder', () => {
  it('keeps what apply did in applied_actions (target as JSON, applied as done, a detail per action) and reads it back as records', async () => {
    h = await setup();
    const store = open(tempDbPath());
    const p = proposal(editConfig(h.pod), memoryLimitPatch('1Gi'));
    const proposalId = storedProposal(store, p);
    const recorder = storeActionRecorder(store);
    const memory = memoryActionRecorder();

    const out = await applyProposal({
      kube: h.kube,
      proposalId,
      proposal: p,
      incident: h.incident,
      planned: h.planned,
      recorder,
      logger: h.logger,
    });

    expect(out.status).toBe('applied');
    const rows = store.listAppliedActions(proposalId);
    expect(rows.map((r) => [r.seq, r.kind, r.status])).toEqual([
      [1, 'edit_file', 'done'],
      [2, 'patch_workload', 'done'],
    ]);
    expect(JSON.parse(rows[0]!.target)).toEqual({
      namespace: 'shop',
      pod: h.pod,
      podUid: h.planned.podUids[h.pod],
      container: 'api',
      path: '/etc/api/config.yaml',
    });
    expect(rows[0]!.detail).toMatch(/^wrote \/etc\/api\/config.yaml \(\d+ bytes\)/);
    expect(rows[0]!.before).toEqual({ type: 'file', content: OLD_CONFIG, sha256: sha256(OLD_CONFIG) });
    const records = await recorder.list(proposalId);
    expect(records).toMatchObject([
      { proposalId, seq: 1, kind: 'edit_file', status: 'applied', after: { type: 'file', sha256: sha256(NEW_CONFIG) } },
      {
        proposalId,
        seq: 2,
        kind: 'patch_workload',
        status: 'applied',
        target: { namespace: 'shop', kind: 'Deployment', name: 'api' },
        before: { type: 'spec' },
      },
    ]);
    for (const r of records) await memory.record(r);
    expect(await memory.list(proposalId)).toEqual(records);
  });

  it('returns the recorded outcome when the same proposal is applied again, and rolls back from the stored records', async () => {
    h = await setup();
    const store = open(tempDbPath());
    const p = proposal(editConfig(h.pod), memoryLimitPatch('1Gi'));
    const proposalId = storedProposal(store, p);
    const spec = h.deploymentSpec();
    const input = { kube: h.kube, proposalId, proposal: p, incident: h.incident, planned: h.planned, logger: h.logger };
    await applyProposal({ ...input, recorder: storeActionRecorder(store) });

    const again = await applyProposal({ ...input, recorder: storeActionRecorder(store) });
    const undone = await rollbackProposal({
      kube: h.kube,
      recorder: storeActionRecorder(store),
      proposalId,
      logger: h.logger,
    });

    expect(again.status).toBe('applied');
    expect(undone.status).toBe('rolled_back');
    expect(h.file()).toBe(OLD_CONFIG);
    expect(h.deploymentSpec()).toEqual(spec);
    expect(store.listAppliedActions(proposalId).map((r) => [r.status, r.detail])).toEqual([
      ['rolled_back', `restored the previous /etc/api/config.yaml in ${h.pod}/api`],
      ['rolled_back', 'restored the previous spec.template of deployment/api'],
    ]);
  });

  it('refuses a stored row that does not fit the record, naming it', async () => {
    h = await setup();
    const store = open(tempDbPath());
    const proposalId = storedProposal(store, proposal(memoryLimitPatch()));
    store.recordAppliedAction({
      proposalId,
      seq: 1,
      kind: 'patch_workload',
      target: '{"namespace":"shop"}',
      before: { type: 'tarball' },
      after: null,
      status: 'done',
    });

    const listing = () => storeActionRecorder(store).list(proposalId);

    expect(listing).toThrow(
      expect.objectContaining({
        code: 'STORE_ERROR',
        message: `Applied action ${proposalId}/1 in the database does not fit the action record (before); it cannot be rolled back automatically.`,
      }),
    );
  });
});
