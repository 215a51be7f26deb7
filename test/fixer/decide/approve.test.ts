// Approving on the sandbox: the runbook's patch applied once, whoever clicks how often, and verified after rollout.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService } from '../../../src/remediation/decide/index.js';
import { autoRollout } from '../../../src/sandbox/index.js';
import { openStore } from '../../../src/store/index.js';
import { NAME, NS, type Proposed, proposedOom } from './setup.js';

let p: Proposed | undefined;
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await p?.h.close();
  p = undefined;
});

describe('approve', () => {
  it('applies the proposal, lets the Deployment roll out, and verifies it', async () => {
    p = await proposedOom();
    stops.push(autoRollout(p.h.sandbox.cluster, { delayMs: 50 }));
    const oldPods = p.h.sandbox.cluster.list('Pod', NS).map((x) => x.metadata.name);

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli', { wait: true });

    expect(result).toMatchObject({
      ok: true,
      outcome: 'verified',
      state: 'verified',
      proposalId: p.proposalId,
      actions: [{ seq: 1, kind: 'patch_workload', status: 'applied', detail: `patched deployment/${NAME}` }],
    });
    expect(result.message).toBe(
      `Approved by cli:alice and applied to deployment/cache in namespace shop: patched deployment/cache. Verified: deployment/cache in namespace shop: 2 pods Ready with no new restarts for 1 s after the fix.`,
    );
    expect(p.limit()).toBe('128Mi');
    expect(p.h.sandbox.cluster.list('Pod', NS).map((x) => x.metadata.name)).not.toEqual(
      expect.arrayContaining(oldPods),
    );
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('applied');
    expect(p.h.store.listDecisions(p.proposalId)).toEqual([
      expect.objectContaining({ actor: 'cli:alice', decision: 'approve', via: 'cli' }),
    ]);
    expect(p.h.store.listAppliedActions(p.proposalId)).toEqual([
      expect.objectContaining({ seq: 1, kind: 'patch_workload', status: 'done', detail: 'patched deployment/cache' }),
    ]);
    const moves = p.h.store
      .auditTrail(p.incidentId)
      .filter((a) => a.toState !== null)
      .slice(-4);
    expect(moves.map((a) => [a.actor, a.fromState, a.toState])).toEqual([
      ['cli:alice', 'proposed', 'approved'],
      ['cli:alice', 'approved', 'applying'],
      ['cli:alice', 'applying', 'applied'],
      ['fixer', 'applied', 'verified'],
    ]);
    expect(JSON.parse(moves[3]!.detail!)).toMatchObject({
      proposalId: p.proposalId,
      verdict: 'verified',
      windowSeconds: 1,
    });
  });

  it('without waiting, answers once applied and says how to follow the verification', async () => {
    p = await proposedOom();

    const result = await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: true, outcome: 'applied', state: 'applied' });
    expect(result.next).toBe(
      `A running clopus serve verifies it over its verify window and records verified or regressed; follow it with: clopus show ${p.incidentId}`,
    );
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('applied');
  });

  it('applies once when twenty approvals arrive at once, and tells the others who approved first', async () => {
    p = await proposedOom();
    const other = openStore(p.h.dbPath);
    const services = [createDecisionService(p.deps), createDecisionService({ ...p.deps, store: other })];

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => services[i % 2]!.approve(p!.incidentId, `cli:user${i}`, 'cli')),
    );
    other.close();

    const winners = results.filter((r) => r.outcome === 'applied');
    expect(winners).toHaveLength(1);
    expect(p.patches()).toBe(1);
    expect(p.h.store.listAppliedActions(p.proposalId)).toHaveLength(1);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const winner = p.h.store.listDecisions(p.proposalId)[0]!;
    const losers = results.filter((r) => r.outcome !== 'applied');
    expect(losers).toHaveLength(19);
    for (const r of losers) {
      expect(r).toMatchObject({
        ok: false,
        outcome: 'already_decided',
        decidedBy: { actor: winner.actor, decision: 'approve' },
      });
      expect(r.message).toMatch(
        new RegExp(
          `^Incident ${p.incidentId} was already approved by ${winner.actor} at ${winner.at} \\(via cli\\); it is now (approved|applying|applied)\\.$`,
        ),
      );
    }
  });

  it('ends an approval and a rejection racing in one decision', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);

    const [approved, rejected] = await Promise.all([
      service.approve(p.incidentId, 'U1', 'slack'),
      service.reject(p.incidentId, 'U2', 'slack', 'not now'),
    ]);

    expect([approved.ok, rejected.ok].filter(Boolean)).toHaveLength(1);
    expect(p.h.store.listDecisions(p.proposalId)).toHaveLength(1);
    const loser = approved.ok ? rejected : approved;
    expect(loser).toMatchObject({ outcome: 'already_decided' });
    expect(p.patches()).toBe(approved.ok ? 1 : 0);
  });

  it('refuses a proposal older than the expiry, expires the incident and changes nothing', async () => {
    p = await proposedOom({ CLOPUS_PROPOSAL_EXPIRY_MINUTES: '30' });
    const later = () => new Date(Date.now() + 31 * 60_000);

    const result = await createDecisionService({ ...p.deps, now: later }).approve(p.incidentId, 'cli:alice', 'cli');

    expect(result).toMatchObject({ ok: false, outcome: 'expired', state: 'expired' });
    expect(result.message).toMatch(
      /^Not applied: proposal \d+ was made at \S+, more than 30 minutes ago, so it may no longer fit the cluster\. It has expired; nothing was changed\.$/,
    );
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('expired');
    expect(p.h.store.listDecisions(p.proposalId)).toEqual([]);
    expect(p.patches()).toBe(0);
  });
});
