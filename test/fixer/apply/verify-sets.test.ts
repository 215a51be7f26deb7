// A fix of a StatefulSet or a DaemonSet is verified only once its controller has really replaced the pods:
// applied through applyProposal (or the same patch call), then judged against the sandbox's rollout.
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { ProposalAction } from '../../../src/planner/proposal/schema.js';
import {
  type ApplyIncident,
  applyProposal,
  memoryActionRecorder,
  verifyWorkload,
} from '../../../src/remediation/apply/index.js';
import {
  autoRollout,
  crashLoop,
  daemonSet,
  daemonSetStep,
  type Sandbox,
  startSandbox,
  statefulSet,
  statefulSetStep,
} from '../../../src/sandbox/index.js';
import { proposal } from './harness.js';

const NS = 'shop';
let sandbox: Sandbox;
const stops: Array<() => void> = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await sandbox.stop();
});

const memoryLimit = (container: string, limit: string): ProposalAction => ({
  type: 'patch_workload',
  reason: 'give the process room',
  patch: {
    spec: { template: { spec: { containers: [{ name: container, resources: { limits: { memory: limit } } }] } } },
  },
});

async function setup(
  kind: 'StatefulSet' | 'DaemonSet',
): Promise<{ kube: KubeClient; incident: ApplyIncident; uids: string[] }> {
  sandbox = await startSandbox();
  const pods =
    kind === 'StatefulSet'
      ? statefulSet(sandbox.cluster, { namespace: NS, name: 'db', replicas: 2, image: 'example/db:1.0' }).pods
      : daemonSet(sandbox.cluster, { namespace: NS, name: 'agent', image: 'example/agent:1.0' }).pods;
  const incident: ApplyIncident = {
    id: 1,
    namespace: NS,
    workloadKind: kind,
    workloadName: kind === 'StatefulSet' ? 'db' : 'agent',
    pods: pods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid ?? '' })),
  };
  return { kube: new KubeClient(sandbox.kubeConfig()), incident, uids: incident.pods.map((p) => p.uid) };
}

async function apply(kube: KubeClient, incident: ApplyIncident, action: ProposalAction) {
  return applyProposal({
    kube,
    proposalId: 1,
    proposal: proposal(action),
    incident,
    recorder: memoryActionRecorder(),
    logger: silentLogger(),
    planned: { podUids: Object.fromEntries(incident.pods.map((p) => [p.name, p.uid])) },
  });
}

const verify = (kube: KubeClient, incident: ApplyIncident, since: string, windowMs = 1000) =>
  verifyWorkload({ kube, incident, since, windowMs, pollMs: 100, logger: silentLogger() });

const liveLimits = (container: string) =>
  sandbox.cluster
    .list('Pod', NS)
    .map((p) => [
      p.metadata.uid,
      (p.spec as any).containers.find((c: any) => c.name === container)?.resources?.limits?.memory,
    ]);

describe('verifying a StatefulSet fix', () => {
  it('verifies once every pod was replaced by one running the patched template', async () => {
    const { kube, incident, uids } = await setup('StatefulSet');
    stops.push(autoRollout(sandbox.cluster, { delayMs: 100 }));

    const applied = await apply(kube, incident, memoryLimit('db', '1Gi'));
    const out = await verify(kube, incident, applied.at);

    expect(applied.status).toBe('applied');
    expect(out).toEqual({ verdict: 'verified', detail: '2 pods Ready with no new restarts for 1 s after the fix' });
    expect(liveLimits('db').map(([, limit]) => limit)).toEqual(['1Gi', '1Gi']);
    expect(liveLimits('db').some(([uid]) => uids.includes(String(uid)))).toBe(false);
  });

  it('does not verify while the controller has not acted on the patch', async () => {
    const { kube, incident } = await setup('StatefulSet');

    const applied = await apply(kube, incident, memoryLimit('db', '1Gi'));
    const out = await verify(kube, incident, applied.at, 300);

    expect(out).toEqual({
      verdict: 'regressed',
      detail: 'the controller of statefulset/db has not yet acted on its latest spec',
    });
  });

  it('does not verify when the controller saw the patch but never replaced the pods', async () => {
    const { kube, incident } = await setup('StatefulSet');
    const applied = await apply(kube, incident, memoryLimit('db', '1Gi'));
    statefulSetStep(sandbox.cluster, NS, 'db', { replaceStale: false });

    const out = await verify(kube, incident, applied.at, 300);

    expect(sandbox.cluster.get('StatefulSet', NS, 'db')?.status).toMatchObject({
      observedGeneration: 2,
      updatedReplicas: 0,
      readyReplicas: 2,
    });
    expect(out).toEqual({ verdict: 'regressed', detail: 'only 0 of 2 replicas of statefulset/db run its latest spec' });
  });

  it('finds a regression when the first replaced pod fails, which stalls the rollout', async () => {
    const { kube, incident, uids } = await setup('StatefulSet');
    stops.push(
      autoRollout(sandbox.cluster, {
        delayMs: 50,
        onPodCreated: (pod) => crashLoop(sandbox.cluster, NS, pod.metadata.name, { reason: 'OOMKilled', restarts: 1 }),
      }),
    );

    const applied = await apply(kube, incident, memoryLimit('db', '1Gi'));
    const out = await verify(kube, incident, applied.at, 2000);

    expect(out.verdict).toBe('regressed');
    expect(out.detail).toContain('pod db-1 restarted 1 time after the fix');
    expect(sandbox.cluster.get('Pod', NS, 'db-0')?.metadata.uid).toBe(uids[0]);
  });
});

describe('verifying a DaemonSet fix', () => {
  const patchAgent = (kube: KubeClient) =>
    kube.patchWorkload(
      { kind: 'DaemonSet', namespace: NS, name: 'agent' },
      { spec: { template: { spec: { containers: [{ name: 'agent', resources: { limits: { memory: '256Mi' } } }] } } } },
      { dryRun: false },
    );

  it('verifies once the pod on every node was replaced by one running the patched template', async () => {
    const { kube, incident, uids } = await setup('DaemonSet');
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));
    const at = new Date().toISOString();

    await patchAgent(kube);
    const out = await verify(kube, incident, at);

    expect(out).toEqual({ verdict: 'verified', detail: '3 pods Ready with no new restarts for 1 s after the fix' });
    expect(liveLimits('agent').map(([, limit]) => limit)).toEqual(['256Mi', '256Mi', '256Mi']);
    expect(liveLimits('agent').some(([uid]) => uids.includes(String(uid)))).toBe(false);
  });

  it('does not verify while the pods still run the old template', async () => {
    const { kube, incident } = await setup('DaemonSet');
    const at = new Date().toISOString();
    await patchAgent(kube);

    const unobserved = await verify(kube, incident, at, 200);
    daemonSetStep(sandbox.cluster, NS, 'agent', { replaceStale: false });
    const observed = await verify(kube, incident, at, 200);

    expect(unobserved).toEqual({
      verdict: 'regressed',
      detail: 'the controller of daemonset/agent has not yet acted on its latest spec',
    });
    expect(observed).toEqual({
      verdict: 'regressed',
      detail: 'only 0 of 3 pods of daemonset/agent run its latest spec',
    });
  });

  // A real API server bumps metadata.annotations["deprecated.daemonset.template.generation"] on any template change,
  // the dry-run answer included; the envelope must count it as server bookkeeping, not as a field the patch changes.
  it('applies and verifies a resources patch end to end', async () => {
    const { kube, incident } = await setup('DaemonSet');
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));

    const applied = await apply(kube, incident, memoryLimit('agent', '256Mi'));
    const out = await verify(kube, incident, applied.at);

    expect(applied).toMatchObject({ status: 'applied' });
    expect(out).toMatchObject({ verdict: 'verified' });
  });
});
