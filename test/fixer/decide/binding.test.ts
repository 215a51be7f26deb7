// A decision names the proposal the person saw (its id and the hash of its actions): that proposal is applied, or
// the decision is refused with "a newer proposal replaced the one you saw" and nothing changes.
import { afterEach, describe, expect, it } from 'vitest';
import {
  actionsHash,
  canonicalJson,
  createDecisionService,
  expectedFor,
  expectedOf,
  previewDecision,
  REPLACED,
} from '../../../src/remediation/decide/index.js';
import { type Proposed, proposedOom } from './setup.js';

let p: Proposed | undefined;
afterEach(async () => {
  await p?.h.close();
  p = undefined;
});

/** A re-diagnosis: a proposal that would raise the limit to 4Gi replaces the runbook's 128Mi. */
function replace(p: Proposed): number {
  const first = p.h.store.getProposal(p.proposalId)!;
  const patch = {
    spec: { template: { spec: { containers: [{ name: 'cache', resources: { limits: { memory: '4Gi' } } }] } } },
  };
  return p.h.store.saveProposal({
    incidentId: p.incidentId,
    diagnosisId: null,
    summary: first.summary,
    actions: [{ type: 'patch_workload', reason: 'Raise it a lot', patch }],
    diff: '',
  }).id;
}

describe('the actions hash', () => {
  it('is 16 hex digits of SHA-256 over JSON with sorted keys, the same however the keys were ordered', () => {
    const a = [{ type: 'exec', argv: ['nginx', '-s', 'reload'], pod: 'web-1', container: 'app', reason: 'reload' }];
    const b = [{ reason: 'reload', container: 'app', pod: 'web-1', argv: ['nginx', '-s', 'reload'], type: 'exec' }];

    expect(canonicalJson(b)).toBe(
      '[{"argv":["nginx","-s","reload"],"container":"app","pod":"web-1","reason":"reload","type":"exec"}]',
    );
    expect(actionsHash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(actionsHash(a)).toBe(actionsHash(b));
    expect(actionsHash([{ ...a[0], argv: ['nginx', '-s', 'stop'] }])).not.toBe(actionsHash(a));
  });
});

describe('approve and reject bound to a proposal', () => {
  it('applies exactly the proposal named, when it is the current one', async () => {
    p = await proposedOom();
    const seen = expectedOf(p.h.store.getProposal(p.proposalId)!);

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli', { expected: seen });

    expect(result).toMatchObject({ ok: true, outcome: 'applied', proposalId: p.proposalId });
    expect(p.limit()).toBe('128Mi');
  });

  it.each(['approve', 'reject'] as const)(
    '%s of proposal 1 after proposal 2 replaced it changes nothing, and says so',
    async (kind) => {
      p = await proposedOom();
      const seen = expectedOf(p.h.store.getProposal(p.proposalId)!);
      const second = replace(p);
      const service = createDecisionService(p.deps);

      const result =
        kind === 'approve'
          ? await service.approve(p.incidentId, 'cli:alice', 'cli', { expected: seen })
          : await service.reject(p.incidentId, 'cli:alice', 'cli', 'no', { expected: seen });

      expect(result).toMatchObject({ ok: false, outcome: 'refused', proposalId: second, state: 'proposed' });
      expect(result.message).toBe(
        `Not ${kind === 'approve' ? 'approved' : 'rejected'}: ${REPLACED} (you saw proposal ${p.proposalId}; incident ${p.incidentId}'s proposal is now ${second}). Nothing was changed; review proposal ${second} and decide on it.`,
      );
      expect(p.patches()).toBe(0);
      expect(p.h.store.getProposal(second)?.status).toBe('pending');
      expect(p.h.store.listDecisions(second)).toEqual([]);
    },
  );

  it('refuses a hash that does not match the stored actions', async () => {
    p = await proposedOom();

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli', {
      expected: { proposalId: p.proposalId, actionsHash: '0123456789abcdef' },
    });

    expect(result.message).toContain(REPLACED);
    expect(result.message).toContain(`the actions of proposal ${p.proposalId} are not the ones you were shown`);
    expect(p.patches()).toBe(0);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('proposed');
  });

  it('binds a proposal named by id to its stored actions; one that does not exist matches nothing', async () => {
    p = await proposedOom();

    expect(expectedFor(p.h.store, p.proposalId)).toEqual(expectedOf(p.h.store.getProposal(p.proposalId)!));
    expect(expectedFor(p.h.store, 999)).toEqual({ proposalId: 999, actionsHash: '' });
  });
});

describe('previewDecision', () => {
  it('offers the pending proposal with its binding, and explains when there is nothing to decide', async () => {
    p = await proposedOom();
    const first = expectedOf(p.h.store.getProposal(p.proposalId)!);

    const open = previewDecision(p.h.store, p.incidentId, 'approve');
    const named = previewDecision(p.h.store, p.incidentId, 'approve', first);
    const missing = previewDecision(p.h.store, 999, 'approve');
    const second = replace(p);
    const stale = previewDecision(p.h.store, p.incidentId, 'approve', first);
    await createDecisionService(p.deps).reject(p.incidentId, 'cli:bob', 'cli');
    const decided = previewDecision(p.h.store, p.incidentId, 'approve');

    expect(open).toMatchObject({ decidable: true, expected: first, proposal: { id: p.proposalId } });
    expect(named.decidable).toBe(true);
    expect(missing).toMatchObject({ decidable: false, result: { outcome: 'not_found' } });
    expect(stale).toMatchObject({
      decidable: false,
      result: { outcome: 'refused', message: expect.stringContaining(REPLACED) },
    });
    expect(decided).toMatchObject({ decidable: false, result: { outcome: 'already_decided', proposalId: second } });
    expect(p.patches()).toBe(0);
  });
});
