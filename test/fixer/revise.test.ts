// "Request changes" on the sandbox: a reviewer's words supersede the runbook's proposal, the revised diagnosis
// proposes what they asked for, and approving it applies and verifies that. Revisions are bounded by count, by the
// incident's model budget and by the proposal the reviewer saw.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { parseProposalRecord } from '../../src/planner/proposal/index.js';
import { createDecisionService, expectedOf } from '../../src/remediation/decide/index.js';
import { type DiagnoseDeps, diagnoseIncident, sweepDiagnoses } from '../../src/runner/diagnoser/index.js';
import { autoRollout } from '../../src/sandbox/index.js';
import { type Proposed, proposedOom } from './decide/setup.js';
import { fixerConfig } from './diagnoser/setup.js';

let p: Proposed | undefined;
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await p?.h.close();
  p = undefined;
});

function diagnoseDeps(proposed: Proposed, env: Record<string, string> = {}): DiagnoseDeps {
  return {
    store: proposed.h.store,
    kube: fixerKube(proposed.h.kube),
    config: fixerConfig({ CLOPUS_VERIFY_WINDOW_SECONDS: '1', ...env }),
    logger: silentLogger(),
  };
}

/** The memory limit a stored proposal's patch sets on the container. */
function proposedLimit(proposed: Proposed, proposalId: number): string | undefined {
  const [action] = parseProposalRecord(proposed.h.store.getProposal(proposalId)!).proposal.actions;
  if (action?.type !== 'patch_workload') return undefined;
  const patch = action.patch as { spec?: { template?: { spec?: { containers?: any[] } } } };
  return patch.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory;
}

describe('requestChanges', () => {
  it('supersedes the proposal, and the revised diagnosis proposes 256Mi, which applies and verifies', async () => {
    p = await proposedOom();
    stops.push(autoRollout(p.h.sandbox.cluster, { delayMs: 50 }));
    const queued: number[] = [];
    const service = createDecisionService({ ...p.deps, onRevision: (id) => queued.push(id) });
    const first = p.h.store.getProposal(p.proposalId)!;
    // Revisions do not use up the automatic attempts: the one the first diagnosis took is all there is.
    const deps = diagnoseDeps(p, { CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '1' });

    const requested = await service.requestChanges(p.incidentId, 'slack:U1', 'slack', '  use 256Mi  ', {
      expected: expectedOf(first),
    });
    const stateAfterRequest = p.h.store.getIncident(p.incidentId)?.state;
    const enqueued: number[] = [];
    sweepDiagnoses(deps, { enqueue: (id) => enqueued.push(id), has: () => false });
    const outcome = await diagnoseIncident(deps, p.incidentId);

    expect(requested).toMatchObject({
      ok: true,
      outcome: 'revision_requested',
      state: 'revising',
      proposalId: p.proposalId,
    });
    expect(requested.message).toBe(
      `Changes requested by slack:U1 (revision 1 of 3): a revised proposal is being prepared; proposal ${p.proposalId} will not be applied.`,
    );
    expect(queued).toEqual([p.incidentId]);
    expect(stateAfterRequest).toBe('revising');
    expect(enqueued).toContain(p.incidentId);
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('superseded');
    const asked = p.h.store.auditTrail(p.incidentId).find((a) => a.action === 'request_changes');
    expect(asked).toMatchObject({ actor: 'slack:U1', fromState: 'proposed', toState: 'revising' });
    expect(JSON.parse(asked!.detail!)).toEqual({ proposalId: p.proposalId, revision: 1, request: 'use 256Mi' });
    expect(proposedLimit(p, p.proposalId)).toBe('128Mi');

    expect(outcome).toMatchObject({ outcome: 'proposed', planner: 'runbook' });
    if (outcome.outcome !== 'proposed') throw new Error('unreachable');
    expect(proposedLimit(p, outcome.proposalId)).toBe('256Mi');
    const revised = p.h.store.getProposal(outcome.proposalId)!;
    expect(revised.diff).toContain('256Mi');
    const [revision] = p.h.store.revisionsOf(p.incidentId);
    expect(revision).toMatchObject({
      number: 1,
      requestedBy: 'slack:U1',
      request: 'use 256Mi',
      via: 'slack',
      proposalId: p.proposalId,
      diagnosisId: outcome.diagnosisId,
      proposalAfterId: outcome.proposalId,
    });
    const diagnosis = p.h.store.listDiagnoses(p.incidentId).find((d) => d.id === outcome.diagnosisId);
    expect(diagnosis).toMatchObject({ attempt: 2, revisionId: revision!.id, status: 'proposed' });
    const concluded = p.h.store.auditTrail(p.incidentId).findLast((a) => a.toState === 'proposed');
    expect(JSON.parse(concluded!.detail!)).toMatchObject({ attempt: 2, revision: 1, runbook: 'oom-memory' });

    const approved = await service.approve(p.incidentId, 'slack:U1', 'slack', {
      wait: true,
      expected: expectedOf(revised),
    });

    expect(approved).toMatchObject({ ok: true, outcome: 'verified', proposalId: outcome.proposalId });
    expect(p.limit()).toBe('256Mi');
    expect(p.h.store.getProposal(outcome.proposalId)?.status).toBe('applied');
  });

  it('refuses a fourth revision when fixer.maxRevisions is 3, leaving the third proposal to decide on', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    const deps = diagnoseDeps(p);
    const proposals: number[] = [];
    for (const quantity of ['192Mi', '256Mi', '160Mi']) {
      const asked = await service.requestChanges(p.incidentId, 'cli:bob', 'cli', `use ${quantity}`);
      if (!asked.ok) throw new Error(asked.message);
      const outcome = await diagnoseIncident(deps, p.incidentId);
      if (outcome.outcome !== 'proposed') throw new Error(JSON.stringify(outcome));
      proposals.push(outcome.proposalId);
    }
    const third = proposals.at(-1)!;

    const fourth = await service.requestChanges(p.incidentId, 'cli:bob', 'cli', 'use 200Mi');

    expect(proposals.map((id) => proposedLimit(p!, id))).toEqual(['192Mi', '256Mi', '160Mi']);
    expect(fourth).toMatchObject({ ok: false, outcome: 'refused', state: 'proposed', proposalId: third });
    expect(fourth.message).toBe(
      `Incident ${p.incidentId} already had 3 revisions, the most allowed (fixer.maxRevisions); approve or reject proposal ${third}, or raise the limit.`,
    );
    expect(p.h.store.getProposal(third)?.status).toBe('pending');
    expect(p.h.store.revisionsOf(p.incidentId)).toHaveLength(3);
  });

  it("refuses once the incident's model budget is spent, naming what was spent", async () => {
    p = await proposedOom();
    const service = createDecisionService({ ...p.deps, config: { ...p.deps.config, incidentBudgetUsd: 0.5 } });
    p.h.store.recordAnswer({
      incidentId: p.incidentId,
      askedBy: 'slack:U2',
      question: 'why did it run out of memory?',
      status: 'answered',
      answer: 'Its cache grew past the limit.',
      usage: { model: 'claude', turns: 3, inputTokens: 900, outputTokens: 200, costUsd: 0.5, durationMs: 2000 },
    });

    const result = await service.requestChanges(p.incidentId, 'slack:U1', 'slack', 'use 256Mi');

    expect(result).toMatchObject({ ok: false, outcome: 'refused', state: 'proposed' });
    expect(result.message).toBe(
      `Incident ${p.incidentId} has used $0.50 of its $0.50 model budget (fixer.incidentBudgetUsd); approve or reject proposal ${p.proposalId} instead.`,
    );
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('pending');
    expect(p.h.store.revisionsOf(p.incidentId)).toEqual([]);
  });

  it('refuses a request bound to a proposal that is no longer the one on the table', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    const first = p.h.store.getProposal(p.proposalId)!;
    await service.requestChanges(p.incidentId, 'slack:U1', 'slack', 'use 256Mi', { expected: expectedOf(first) });
    const outcome = await diagnoseIncident(diagnoseDeps(p), p.incidentId);
    if (outcome.outcome !== 'proposed') throw new Error(JSON.stringify(outcome));

    const stale = await service.requestChanges(p.incidentId, 'slack:U3', 'slack', 'use 192Mi', {
      expected: expectedOf(first),
    });
    const reworded = await service.requestChanges(p.incidentId, 'slack:U3', 'slack', 'use 192Mi', {
      expected: { proposalId: outcome.proposalId, actionsHash: '0000000000000000' },
    });

    expect(stale).toMatchObject({ ok: false, outcome: 'refused', proposalId: outcome.proposalId });
    expect(stale.message).toBe(
      `Changes not requested: a newer proposal replaced the one you saw (you saw proposal ${p.proposalId}; incident ${p.incidentId}'s proposal is now ${outcome.proposalId}). Nothing was changed; review proposal ${outcome.proposalId} and decide on it.`,
    );
    expect(reworded.message).toContain(`the actions of proposal ${outcome.proposalId} are not the ones you were shown`);
    expect(p.h.store.getProposal(outcome.proposalId)?.status).toBe('pending');
    expect(p.h.store.revisionsOf(p.incidentId)).toHaveLength(1);
  });

  it('answers a second request while the first is being revised, and one after an approval, in words', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    await service.requestChanges(p.incidentId, 'slack:U1', 'slack', 'use 256Mi');

    const again = await service.requestChanges(p.incidentId, 'slack:U2', 'slack', 'use 192Mi');
    await diagnoseIncident(diagnoseDeps(p), p.incidentId);
    await service.approve(p.incidentId, 'slack:U1', 'slack');
    const late = await service.requestChanges(p.incidentId, 'slack:U2', 'slack', 'use 192Mi');

    expect(again).toMatchObject({ ok: false, outcome: 'refused', state: 'revising' });
    expect(again.message).toMatch(
      new RegExp(
        `^Changes to proposal ${p.proposalId} were already requested by slack:U1 at \\S+ \\(revision 1\\); a revised proposal is being prepared\\.$`,
      ),
    );
    expect(late).toMatchObject({ ok: false, outcome: 'already_decided', decidedBy: { actor: 'slack:U1' } });
    expect(p.h.store.revisionsOf(p.incidentId)).toHaveLength(1);
  });

  it.each([
    ['nothing', '   '],
    ['too much', `use 256Mi ${'x'.repeat(2000)}`],
  ])('refuses a request that says %s', async (_what, request) => {
    p = await proposedOom();

    const result = await createDecisionService(p.deps).requestChanges(p.incidentId, 'slack:U1', 'slack', request);

    expect(result).toMatchObject({ ok: false, outcome: 'refused', state: 'proposed' });
    expect(result.message).toBe('Say what should change (at most 2000 characters).');
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('pending');
  });

  it('keeps no secret a reviewer pasted, in the revision or the audit trail', async () => {
    p = await proposedOom();

    await createDecisionService(p.deps).requestChanges(
      p.incidentId,
      'slack:U1',
      'slack',
      'use 256Mi; the admin password=hunter2secret\u001b[31m',
    );

    const [revision] = p.h.store.revisionsOf(p.incidentId);
    const trail = JSON.stringify(p.h.store.auditTrail(p.incidentId));
    expect(revision?.request).toBe('use 256Mi; the admin password=[REDACTED]');
    expect(trail).not.toContain('hunter2');
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('revising');
  });
});
