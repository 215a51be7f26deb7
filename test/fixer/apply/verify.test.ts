import { afterEach, describe, expect, it } from 'vitest';
import { applyProposal, verifyWorkload } from '../../../src/remediation/apply/index.js';
import { autoRollout, crashLoop, recover } from '../../../src/sandbox/index.js';
import { type Harness, memoryLimitPatch, NS, proposal, setup } from './harness.js';

let h: Harness;
const stops: Array<() => void> = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await h.sandbox.stop();
});

// Short windows keep the suite fast; the logic is the same as for the default two minutes.
const verify = (since: Date | string, windowMs = 1000) =>
  verifyWorkload({ kube: h.kube, incident: h.incident, since, windowMs, pollMs: 200, logger: h.logger });

describe('verifyWorkload', () => {
  it('verifies a workload whose pods stay Ready with no new restarts through the window', async () => {
    h = await setup();
    const started = Date.now();

    const out = await verify(new Date());

    expect(out).toEqual({ verdict: 'verified', detail: '2 pods Ready with no new restarts for 1 s after the fix' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('finds a regression when a pod crash-loops during the window', async () => {
    h = await setup();
    const since = new Date();
    const timer = setTimeout(() => crashLoop(h.sandbox.cluster, NS, h.pod, { restarts: 2 }), 300);
    stops.push(() => clearTimeout(timer));

    const out = await verify(since);

    expect(out.verdict).toBe('regressed');
    expect(out.detail).toContain(`pod ${h.pod} restarted 2 times after the fix`);
    expect(out.detail).toContain(`pod ${h.pod}: CrashLoopBackOff`);
  });

  it('does not count restarts from before the fix', async () => {
    h = await setup();
    crashLoop(h.sandbox.cluster, NS, h.pod, { restarts: 4 });
    recover(h.sandbox.cluster, NS, h.pod);

    const out = await verify(new Date(), 500);

    expect(out.verdict).toBe('verified');
  });

  it('judges the new pods after a patch rolls out', async () => {
    h = await setup();
    stops.push(autoRollout(h.sandbox.cluster, { delayMs: 100 }));
    crashLoop(h.sandbox.cluster, NS, h.pod, { reason: 'OOMKilled', restarts: 6 });
    const applied = await applyProposal({
      kube: h.kube,
      proposalId: 1,
      proposal: proposal(memoryLimitPatch('1Gi')),
      incident: h.incident,
      planned: h.planned,
      recorder: h.recorder,
      logger: h.logger,
    });

    const out = await verify(applied.at);

    expect(applied.status).toBe('applied');
    expect(out).toMatchObject({ verdict: 'verified' });
    expect(h.sandbox.cluster.get('Pod', NS, h.pod)).toBeUndefined();
  });

  it('finds a regression when the patch never rolls out', async () => {
    h = await setup();
    const applied = await applyProposal({
      kube: h.kube,
      proposalId: 1,
      proposal: proposal(memoryLimitPatch('1Gi')),
      incident: h.incident,
      planned: h.planned,
      recorder: h.recorder,
      logger: h.logger,
    });

    const out = await verify(applied.at, 400);

    expect(out).toEqual({
      verdict: 'regressed',
      detail: 'the controller of deployment/api has not yet acted on its latest spec',
    });
  });

  it('stops early when a pod created after the fix fails', async () => {
    h = await setup();
    stops.push(autoRollout(h.sandbox.cluster, { delayMs: 100 }));
    const applied = await applyProposal({
      kube: h.kube,
      proposalId: 1,
      proposal: proposal(memoryLimitPatch('1Gi')),
      incident: h.incident,
      planned: h.planned,
      recorder: h.recorder,
      logger: h.logger,
    });
    const old = new Set(h.incident.pods.map((p) => p.name));
    let fresh = '';
    const timer = setTimeout(() => {
      fresh = h.sandbox.cluster.list('Pod', NS).find((p) => !old.has(p.metadata.name))!.metadata.name;
      crashLoop(h.sandbox.cluster, NS, fresh, { restarts: 1 });
    }, 300);
    stops.push(() => clearTimeout(timer));
    const started = Date.now();

    const out = await verify(applied.at, 10_000);

    expect(out.verdict).toBe('regressed');
    expect(out.detail).toContain(`pod ${fresh} restarted 1 time after the fix`);
    // At the regression, not at the end of the 10 s window (the margin is for a loaded machine).
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
