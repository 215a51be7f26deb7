// Rolling back a regressed fix restores the previous spec; a restart resumes verification and never resumes an apply.
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDecisionService,
  INTERRUPTED_APPLY,
  recoverInterrupted,
  resumeDecisions,
  VerificationRunner,
} from '../../../src/remediation/decide/index.js';
import { autoRollout } from '../../../src/sandbox/index.js';
import { deadPid, type Proposed, proposedOom } from './setup.js';

let p: Proposed | undefined;
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await p?.h.close();
  p = undefined;
});

describe('rollback', () => {
  it('after a regression, restores the previous spec and closes the incident as rolled back', async () => {
    // No controller rolls the patch out, so verification sees it never take effect.
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    const before = p.spec();

    const approved = await service.approve(p.incidentId, 'cli:alice', 'cli', { wait: true });
    const rolled = await service.rollback(p.incidentId, 'cli:bob', 'cli');
    const again = await service.rollback(p.incidentId, 'cli:carol', 'cli');

    expect(approved).toMatchObject({
      ok: false,
      outcome: 'regressed',
      state: 'regressed',
      next: `Roll it back with: clopus rollback ${p.incidentId}`,
    });
    expect(approved.message).toContain(
      'Regressed: the fix did not make deployment/cache in namespace shop healthy within 1 s: pod cache-',
    );
    expect(approved.message).toContain('OOMKilled: container "cache" was OOMKilled');
    expect(approved.message).toMatch(/the controller of deployment\/cache has not yet acted on its latest spec\.$/);
    expect(rolled).toMatchObject({
      ok: true,
      outcome: 'rolled_back',
      state: 'rolled_back',
      actions: [{ seq: 1, status: 'rolled_back' }],
    });
    expect(rolled.message).toBe(
      'Rolled back by cli:bob on deployment/cache in namespace shop: restored the previous spec.template of deployment/cache.',
    );
    expect(p.spec()).toEqual(before);
    expect(p.limit()).toBe('64Mi');
    expect(again).toMatchObject({ ok: false, outcome: 'refused' });
    expect(again.message).toMatch(/^Incident \d+ was already rolled back by cli:bob at \S+ \(via cli\)\.$/);
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('rolled_back');
    expect(p.h.store.listAppliedActions(p.proposalId)[0]).toMatchObject({
      status: 'rolled_back',
      detail: 'restored the previous spec.template of deployment/cache',
    });
    expect(p.h.store.auditTrail(p.incidentId).slice(-2)).toMatchObject([
      { actor: 'cli:bob', toState: null, action: 'rollback' },
      { actor: 'cli:bob', fromState: 'regressed', toState: 'rolled_back', action: 'rolled_back' },
    ]);
  });

  it('after a partial apply, says what was done and undoes it', async () => {
    p = await proposedOom();
    const { store } = p.h;
    const pod = store.getIncident(p.incidentId)!.pods[0]!.name;
    const runbook = store.getProposal(p.proposalId)!;
    store.saveProposal({
      incidentId: p.incidentId,
      diagnosisId: null,
      diff: '',
      summary: runbook.summary,
      actions: [
        ...(runbook.actions as unknown[]),
        { type: 'exec', reason: 'warm the cache', pod, container: 'cache', argv: ['false'] },
      ],
    });
    // A command the envelope admits (configured as a shape) that fails, so the apply stops after the patch.
    const envelope = { ...p.deps.config.envelope!, exec: [...p.deps.config.envelope!.exec, ['false']] };
    const service = createDecisionService({ ...p.deps, config: { ...p.deps.config, envelope } });
    const before = p.spec();

    const applied = await service.approve(p.incidentId, 'cli:alice', 'cli');
    const rolled = await service.rollback(p.incidentId, 'cli:alice', 'cli');

    expect(applied).toMatchObject({
      ok: false,
      outcome: 'apply_failed',
      state: 'apply_failed',
      next: `Undo what was done with: clopus rollback ${p.incidentId}`,
    });
    expect(applied.message).toMatch(
      /^Applying failed: action 2 \(exec\) failed: .*\. Done before the failure: patched deployment\/cache\.$/,
    );
    expect(rolled).toMatchObject({ ok: true, outcome: 'rolled_back', state: 'rolled_back' });
    expect(rolled.actions?.map((a) => [a.seq, a.status])).toEqual([
      [1, 'rolled_back'],
      [2, 'nothing_to_do'],
    ]);
    expect(p.spec()).toEqual(before);
  });

  it('refuses a verified fix, and an incident where nothing was applied', async () => {
    p = await proposedOom();
    stops.push(autoRollout(p.h.sandbox.cluster, { delayMs: 50 }));
    const service = createDecisionService(p.deps);
    const nothing = await service.rollback(p.incidentId, 'cli:bob', 'cli');
    await service.approve(p.incidentId, 'cli:alice', 'cli', { wait: true });

    const verified = await service.rollback(p.incidentId, 'cli:bob', 'cli');

    expect(nothing.message).toBe(
      `Nothing was applied for incident ${p.incidentId} (it is proposed), so there is nothing to roll back.`,
    );
    expect(verified).toMatchObject({ ok: false, outcome: 'refused', state: 'verified' });
    expect(verified.message).toMatch(/was verified and is closed, so Clopus does not roll it back/);
    expect(p.limit()).toBe('128Mi');
  });
});

describe('after a restart', () => {
  it('marks an incident left in applying by a stopped bot apply_failed, saying it was interrupted', async () => {
    p = await proposedOom();
    const { store } = p.h;
    store.decideProposal({
      proposalId: p.proposalId,
      incidentId: p.incidentId,
      actor: 'cli:alice',
      decision: 'approve',
      via: 'cli',
      from: 'proposed',
      to: 'approved',
      proposalFrom: 'pending',
      proposalTo: 'approved',
    });
    store.transition(p.incidentId, 'approved', 'applying', {
      actor: 'cli:alice',
      action: 'apply',
      owner: { host: hostname(), pid: await deadPid() },
      detail: { proposalId: p.proposalId },
    });
    store.recordAppliedAction({
      proposalId: p.proposalId,
      seq: 1,
      kind: 'patch_workload',
      target: '{"namespace":"shop"}',
      before: null,
      after: null,
      status: 'started',
    });

    const verifier = new VerificationRunner(p.deps);
    const resumed = resumeDecisions(p.deps, verifier);
    await verifier.stop();

    expect(resumed).toEqual({ interrupted: 1, verifying: 0 });
    expect(store.getIncident(p.incidentId)?.state).toBe('apply_failed');
    expect(store.getProposal(p.proposalId)?.status).toBe('apply_failed');
    const last = store.auditTrail(p.incidentId).at(-1)!;
    expect(last).toMatchObject({
      actor: 'fixer',
      fromState: 'applying',
      toState: 'apply_failed',
      action: 'interrupted',
    });
    expect(JSON.parse(last.detail!)).toEqual({
      proposalId: p.proposalId,
      reason: INTERRUPTED_APPLY,
      actionsRecorded: 1,
    });
    expect(INTERRUPTED_APPLY).toBe('interrupted: the bot stopped during apply; check the actions recorded');
  });

  it('closes an interrupted apply that recorded nothing with a rollback that has nothing to undo', async () => {
    p = await proposedOom();
    const { store } = p.h;
    store.decideProposal({
      proposalId: p.proposalId,
      incidentId: p.incidentId,
      actor: 'cli:alice',
      decision: 'approve',
      via: 'cli',
      from: 'proposed',
      to: 'approved',
      proposalFrom: 'pending',
      proposalTo: 'approved',
    });
    store.transition(p.incidentId, 'approved', 'applying', { actor: 'cli:alice', action: 'apply' });
    recoverInterrupted(p.deps);

    const rolled = await createDecisionService(p.deps).rollback(p.incidentId, 'cli:bob', 'cli');

    expect(rolled).toMatchObject({ ok: true, outcome: 'rolled_back', state: 'rolled_back', actions: [] });
    expect(rolled.message).toBe(
      'Rolled back by cli:bob on deployment/cache in namespace shop: nothing needed restoring.',
    );
    expect(p.patches()).toBe(0);
  });

  it('leaves an apply that a live process on this host is still running', async () => {
    p = await proposedOom();
    const { store } = p.h;
    store.decideProposal({
      proposalId: p.proposalId,
      incidentId: p.incidentId,
      actor: 'cli:alice',
      decision: 'approve',
      via: 'cli',
      from: 'proposed',
      to: 'approved',
      proposalFrom: 'pending',
      proposalTo: 'approved',
    });
    store.transition(p.incidentId, 'approved', 'applying', {
      actor: 'cli:alice',
      action: 'apply',
      owner: { host: hostname(), pid: process.ppid },
      detail: { proposalId: p.proposalId },
    });

    const moved = recoverInterrupted(p.deps);

    expect(moved).toBe(0);
    expect(store.getIncident(p.incidentId)?.state).toBe('applying');
  });

  it('verifies an incident left applied from the time it was applied', async () => {
    p = await proposedOom();
    stops.push(autoRollout(p.h.sandbox.cluster, { delayMs: 50 }));
    await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');
    const results: string[] = [];

    const verifier = new VerificationRunner(p.deps, { onResult: (_, r) => results.push(r.outcome) });
    const resumed = resumeDecisions(p.deps, verifier);
    await verifier.idle();

    expect(resumed).toEqual({ interrupted: 0, verifying: 1 });
    expect(results).toEqual(['verified']);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('verified');
  });

  it('stops a verification on shutdown without a verdict, leaving it to the next start', async () => {
    p = await proposedOom({ CLOPUS_VERIFY_WINDOW_SECONDS: '30' });
    await createDecisionService(p.deps).approve(p.incidentId, 'cli:alice', 'cli');
    const verifier = new VerificationRunner(p.deps);
    verifier.sweep();
    const started = Date.now();

    await verifier.stop();

    // At once, not at the end of the 30 s window (the margin is for a loaded machine).
    expect(Date.now() - started).toBeLessThan(5000);
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('applied');
  });
});
