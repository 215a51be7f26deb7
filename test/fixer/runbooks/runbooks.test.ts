// The runbooks against the sandbox API server: OOM → a higher memory limit, a bad rollout → the previous image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reason } from '../../../src/core/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import { podTemplateFacts } from '../../../src/planner/claude/describe.js';
import type { PlannerIncident } from '../../../src/planner/claude/types.js';
import { type FixerKube, fixerKube } from '../../../src/planner/kube.js';
import { checkProposal } from '../../../src/planner/proposal/check.js';
import type { RunbookResult } from '../../../src/planner/runbooks/index.js';
import { formatMemory, parseMemory, runRunbooks } from '../../../src/planner/runbooks/index.js';
import {
  type ContainerInput,
  deployment,
  imagePullBackOff,
  oomKilled,
  rollout,
  type Sandbox,
  startSandbox,
} from '../../../src/sandbox/index.js';

let sandbox: Sandbox;
let kube: FixerKube;
beforeAll(async () => {
  sandbox = await startSandbox();
  kube = fixerKube(new KubeClient(sandbox.kubeConfig()));
});
afterAll(async () => {
  await sandbox?.stop();
});

const settings = { oomMemoryFactor: 2, oomMemoryCap: '4Gi' };
let seq = 0;

function incidentOf(ns: string, name: string, pods: string[], reason: Reason): PlannerIncident {
  return {
    id: ++seq,
    namespace: ns,
    workloadKind: 'Deployment',
    workloadName: name,
    container: name,
    reason,
    message: `${reason} in ${name}`,
    pods: pods.map((p) => ({ name: p })),
  };
}

/** An OOM-killing Deployment in its own namespace, with the given memory resources. */
function oomDeployment(resources: ContainerInput['resources']): PlannerIncident {
  const ns = `oom-${++seq}`;
  const { pods } = deployment(sandbox.cluster, {
    namespace: ns,
    name: 'api',
    replicas: 2,
    containers: [{ name: 'api', image: 'shop/api:2.0', ...(resources ? { resources } : {}) }],
  });
  for (const p of pods) oomKilled(sandbox.cluster, ns, p.metadata.name, { restarts: 3 });
  return incidentOf(
    ns,
    'api',
    pods.map((p) => p.metadata.name),
    'OOMKilled',
  );
}

async function expectValid(incident: PlannerIncident, result: RunbookResult): Promise<void> {
  if (result.outcome !== 'proposed') throw new Error(`expected a proposal, got ${JSON.stringify(result)}`);
  const workload = await kube.getWorkload('Deployment', incident.namespace, incident.workloadName);
  const scope = {
    namespace: incident.namespace,
    workload: { kind: incident.workloadKind, name: incident.workloadName },
    pods: incident.pods.map((p) => p.name),
    ...podTemplateFacts(workload),
  };
  expect(checkProposal(result.proposal, scope)).toEqual([]);
}

const run = (incident: PlannerIncident) => runRunbooks({ incident, kube, settings, logger: silentLogger() });

describe('the OOM runbook', () => {
  it('doubles the memory limit of the killed container, and the server accepts the patch', async () => {
    const incident = oomDeployment({ limits: { memory: '256Mi' }, requests: { memory: '128Mi' } });

    const result = await run(incident);

    expect(result).toMatchObject({
      outcome: 'proposed',
      runbook: 'oom-memory',
      proposal: {
        summary: { confidence: 'medium', risk: 'low', rootCause: expect.stringContaining('256Mi limit') },
        actions: [
          {
            type: 'patch_workload',
            kind: 'Deployment',
            name: 'api',
            reason: "Raise api's memory limit from 256Mi to 512Mi (x2)",
            patch: {
              spec: {
                template: { spec: { containers: [{ name: 'api', resources: { limits: { memory: '512Mi' } } }] } },
              },
            },
          },
        ],
      },
    });
    await expectValid(incident, result);
    const action = result.outcome === 'proposed' ? result.proposal.actions[0] : undefined;
    const after = await kube.patchWorkload(
      { kind: 'Deployment', namespace: incident.namespace, name: 'api' },
      action?.type === 'patch_workload' ? action.patch : {},
      { dryRun: true },
    );
    expect(JSON.stringify(after.spec)).toContain(
      '"resources":{"limits":{"memory":"512Mi"},"requests":{"memory":"128Mi"}}',
    );
  });

  it('raises a request that equals the limit with it, keeping the QoS class', async () => {
    const incident = oomDeployment({ limits: { memory: '1Gi' }, requests: { memory: '1Gi' } });

    const result = await run(incident);

    expect(result).toMatchObject({
      outcome: 'proposed',
      proposal: {
        actions: [
          {
            patch: {
              spec: {
                template: {
                  spec: { containers: [{ resources: { limits: { memory: '2Gi' }, requests: { memory: '2Gi' } } }] },
                },
              },
            },
          },
        ],
      },
    });
    await expectValid(incident, result);
  });

  it('stops at the cap', async () => {
    const incident = oomDeployment({ limits: { memory: '3Gi' } });

    const result = await run(incident);

    expect(result).toMatchObject({
      outcome: 'proposed',
      proposal: { actions: [{ reason: "Raise api's memory limit from 3Gi to 4Gi (x2, capped at 4Gi)" }] },
    });
  });

  it.each([
    ['already at the cap', { limits: { memory: '4Gi' } }, /already has a 4Gi memory limit, at or above the 4Gi cap/],
    ['with no memory limit', { requests: { memory: '64Mi' } }, /has no memory limit/],
  ])('answers no_fix with a reason when the container is %s', async (_, resources, why) => {
    const incident = oomDeployment(resources);

    const result = await run(incident);

    expect(result).toMatchObject({ outcome: 'no_fix', runbook: 'oom-memory', explanation: expect.stringMatching(why) });
  });
});

describe('the image rollback runbook', () => {
  it("sets the image back to the previous ReplicaSet's after a rollout to an image that cannot be pulled", async () => {
    const ns = `img-${++seq}`;
    deployment(sandbox.cluster, { namespace: ns, name: 'web', replicas: 2, image: 'shop/web:1.4.2' });
    sandbox.cluster.update('Deployment', ns, 'web', (d) => {
      (d.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image =
        'shop/web:1.5.0-typo';
    });
    const rolled = rollout(sandbox.cluster, ns, 'web');
    const pods = rolled!.pods.map((p) => p.metadata.name);
    for (const p of pods) imagePullBackOff(sandbox.cluster, ns, p);
    const incident = incidentOf(ns, 'web', pods, 'ImagePullBackOff');

    const result = await run(incident);

    expect(result).toMatchObject({
      outcome: 'proposed',
      runbook: 'image-rollback',
      proposal: {
        summary: {
          rootCause:
            'Revision 2 of Deployment web changed container "web" to image "shop/web:1.5.0-typo", which cannot be pulled. Revision 1 ran "shop/web:1.4.2".',
          confidence: 'high',
        },
        actions: [
          {
            type: 'patch_workload',
            patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'shop/web:1.4.2' }] } } } },
          },
        ],
      },
    });
    await expectValid(incident, result);
  });

  it('does not apply to a Deployment that was never rolled out', async () => {
    const ns = `img-${++seq}`;
    const { pods } = deployment(sandbox.cluster, { namespace: ns, name: 'web', image: 'shop/web:404' });
    imagePullBackOff(sandbox.cluster, ns, pods[0]!.metadata.name);

    const result = await run(incidentOf(ns, 'web', [pods[0]!.metadata.name], 'ErrImagePull'));

    expect(result).toEqual({
      outcome: 'not_applicable',
      explanation: 'Deployment web has no earlier revision to roll back to, so the image was not changed by a rollout.',
    });
  });
});

it('leaves other reasons to the model', async () => {
  const result = await run({ ...incidentOf('shop', 'web', ['web-1'], 'CrashLoopBackOff') });

  expect(result).toEqual({ outcome: 'not_applicable', explanation: 'No runbook applies to CrashLoopBackOff.' });
});

describe('memory quantities', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['4Gi', 4 * 2 ** 30],
    ['1G', 1e9],
    ['1500M', 1.5e9],
    ['2e9', 2e9],
    ['0.5Gi', 2 ** 29],
    ['128974848', 128974848],
    ['lots', undefined],
  ])('parses %s', (text, bytes) => {
    expect(parseMemory(text)).toBe(bytes);
  });

  it.each([
    [2 ** 30, '1Gi'],
    [768 * 2 ** 20, '768Mi'],
    [1e9, '1000000000'],
    [1536 * 1024, '1536Ki'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });
});
