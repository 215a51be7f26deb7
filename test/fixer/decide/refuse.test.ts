// Decisions that do not apply anything: a rejection, and an approval of a proposal the cluster has moved away from.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../../src/remediation/decide/index.js';
import { NAME, NS, type Proposed, proposedOom } from './setup.js';

let p: Proposed | undefined;
afterEach(async () => {
  await p?.h.close();
  p = undefined;
});

describe('reject', () => {
  it('records the rejection with its reason, changes nothing, and answers a later approval with it', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    const spec = p.spec();

    const rejected = await service.reject(p.incidentId, 'cli:bob', 'cli', 'the cache is being replaced');
    const approved = await service.approve(p.incidentId, 'cli:alice', 'cli');

    expect(rejected).toMatchObject({
      ok: true,
      outcome: 'rejected',
      state: 'rejected',
      message:
        'Rejected by cli:bob (the cache is being replaced): nothing will be applied to deployment/cache in namespace shop.',
    });
    expect(approved).toMatchObject({
      ok: false,
      outcome: 'already_decided',
      decidedBy: { actor: 'cli:bob', decision: 'reject' },
    });
    expect(approved.message).toMatch(
      /^Incident \d+ was already rejected by cli:bob at \S+ \(via cli\) \(the cache is being replaced\); it is now rejected\.$/,
    );
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('rejected');
    expect(p.h.store.auditTrail(p.incidentId).at(-1)).toMatchObject({
      actor: 'cli:bob',
      fromState: 'proposed',
      toState: 'rejected',
      action: 'reject',
    });
    expect(p.spec()).toEqual(spec);
  });

  it('says why when the incident has resolved on its own', async () => {
    p = await proposedOom();
    p.h.store.transition(p.incidentId, 'proposed', 'resolved', {
      actor: 'detector',
      action: 'recovered',
      detail: 'no OOMKilled seen for 130 s',
    });

    const result = await createDecisionService(p.deps).reject(p.incidentId, 'cli:bob', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'refused', state: 'resolved' });
    expect(result.message).toMatch(
      /^Not rejected: Incident \d+ resolved on its own at \S+ \(no OOMKilled seen for 130 s\); there is nothing to decide\.$/,
    );
  });
});

describe('approve of a stale proposal', () => {
  it('is refused when a targeted pod was replaced: the incident expires and nothing is applied', async () => {
    p = await proposedOom();
    const pod = p.h.store.getIncident(p.incidentId)!.pods[0]!.name;
    p.h.store.saveProposal({
      incidentId: p.incidentId,
      diagnosisId: null,
      diff: '',
      summary: { rootCause: 'The pod is wedged.', confidence: 'low', risk: 'low' },
      actions: [{ type: 'restart_pod', reason: 'start it afresh', pod }],
    });
    const latest = p.h.store.latestProposal(p.incidentId)!.id;
    p.h.sandbox.cluster.delete('Pod', NS, pod);

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'expired', state: 'expired', proposalId: latest });
    expect(result.message).toBe(
      `Not applied: the proposal no longer fits the cluster (pod ${pod} no longer exists; it was replaced or deleted since the fix was planned). Nothing was changed; incident ${p.incidentId} has expired.`,
    );
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('expired');
    expect(p.h.store.getProposal(latest)?.status).toBe('expired');
    expect(p.h.store.listAppliedActions(latest)).toEqual([]);
    expect(p.h.store.auditTrail(p.incidentId).at(-1)).toMatchObject({
      actor: 'cli:alice',
      fromState: 'approved',
      toState: 'expired',
      action: 'stale',
    });
  });

  it('is refused when the workload changed so the patch no longer fits', async () => {
    p = await proposedOom();
    p.h.sandbox.cluster.update('Deployment', NS, NAME, (d) => {
      (d.spec as any).template.spec.containers[0].name = 'redis';
    });
    const spec = p.spec();

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'expired', state: 'expired' });
    expect(result.message).toContain('the proposal no longer passes the checks');
    expect(result.message).toContain('container "cache" is not in the workload (redis)');
    expect(p.spec()).toEqual(spec);
    expect(p.patches()).toBe(1);
  });

  it('is refused, saying so, once it has expired', async () => {
    p = await proposedOom();
    p.h.store.transition(p.incidentId, 'proposed', 'expired', {
      actor: 'fixer',
      detail: { proposalId: p.proposalId, reason: 'no decision within 60 minutes' },
    });
    p.h.store.setProposalStatus(p.proposalId, 'pending', 'expired');

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'refused', state: 'expired' });
    expect(result.message).toMatch(
      /^Not approved: Proposal \d+ expired at \S+ \(no decision within 60 minutes\), so it may no longer fit the cluster\.$/,
    );
    expect(result.next).toMatch(/^Clopus diagnoses it again/);
  });

  it('is not applied, with the reason, when the cluster cannot be read to re-check it; the proposal waits again', async () => {
    p = await proposedOom();
    p.h.sandbox.faults.inject({
      method: 'GET',
      path: /\/apis\/apps\/v1\/namespaces\/shop\/deployments\/cache/,
      status: 500,
      times: Infinity,
    });

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'recheck_failed', state: 'proposed' });
    expect(result.message).toMatch(
      /^Not applied: the API server could not answer the re-check of the proposal \(.+\)\. Nothing was changed, and the approval was not used: proposal \d+ still waits for a decision\. Try again in a moment\.$/,
    );
    expect(p.patches()).toBe(0);
    expect(p.h.store.listAppliedActions(p.proposalId)).toEqual([]);
  });
});
