// A reviewer's "Request changes" without a model (the demo has no API key): the OOM runbook applies the one memory
// quantity the request names, the envelope judges it as any patch, and any other request is left to Claude Code.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Reason } from '../../src/core/index.js';
import { KubeClient } from '../../src/kube/index.js';
import { silentLogger } from '../../src/logger.js';
import type { RevisionContext } from '../../src/planner/claude/types.js';
import { type FixerKube, fixerKube } from '../../src/planner/kube.js';
import { plan } from '../../src/planner/plan.js';
import { requestedQuantity, UNREADABLE_REVISION } from '../../src/planner/runbooks/index.js';
import { deployment, oomKilled, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cleanup, tempDbPath } from '../store/fixtures.js';

const NS = 'shop';
let sandbox: Sandbox;
let kube: FixerKube;
let store: Store;
let pods: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  kube = fixerKube(new KubeClient(sandbox.kubeConfig()));
  const resources = { requests: { memory: '128Mi' }, limits: { memory: '128Mi' } };
  const made = deployment(sandbox.cluster, {
    namespace: NS,
    name: 'api',
    replicas: 1,
    containers: [{ name: 'api', image: 'shop/api:2.0', resources }],
  });
  pods = made.pods.map((p) => p.metadata.name);
  for (const p of pods) oomKilled(sandbox.cluster, NS, p, { restarts: 3 });
  store = openStore(tempDbPath());
});
afterAll(async () => {
  store?.close();
  cleanup();
  await sandbox?.stop();
});

const previousPatch = {
  spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory: '256Mi' } } }] } } },
};

function revision(request: string): RevisionContext {
  return {
    number: 1,
    request,
    requestedBy: 'slack:U123',
    previous: { summary: {}, actions: [{ type: 'patch_workload', patch: previousPatch }], diff: '' },
    refusals: [],
  };
}

let seq = 0;
function incident(reason: Reason = 'OOMKilled') {
  return store.createIncident(
    {
      fingerprint: `test/${NS}/Deployment/api/api/${reason}/${++seq}`,
      cluster: 'test',
      namespace: NS,
      workloadKind: 'Deployment',
      workloadName: 'api',
      container: 'api',
      reason,
      message: reason,
      restarts: 3,
      pods: pods.map((name) => ({ name, uid: '', restarts: 3, message: reason, lastSeenAt: new Date().toISOString() })),
    },
    'detector',
  );
}

const scope = () => ({
  namespace: NS,
  workload: { kind: 'Deployment' as const, name: 'api' },
  pods,
  containers: ['api'],
});
/** No model credentials, as in the demo; the runbook cap high enough that only the envelope bounds a request. */
const config = loadConfig({ CLOPUS_OOM_MEMORY_CAP: '64Gi' }).fixer;
const revise = (request: string, reason?: Reason, fixer = config) =>
  plan(
    { store, kube, config: fixer, logger: silentLogger() },
    { incident: incident(reason), evidence: [], scope: scope(), revision: revision(request) },
  );
const liveLimit = async () =>
  JSON.stringify((await kube.getWorkload('Deployment', NS, 'api')) as unknown).match(
    /"limits":\{"memory":"(\w+)"/,
  )?.[1];

afterEach(async () => {
  expect(await liveLimit()).toBe('128Mi');
});

describe('the OOM runbook on a revision', () => {
  it('sets the limit, and the request that equalled it, to the quantity the reviewer named', async () => {
    const r = await revise('use 256Mi please, not 512Mi');

    if (r.outcome !== 'proposed') throw new Error(JSON.stringify(r));
    expect(r.planner).toBe('runbook');
    expect(r.proposal.actions).toEqual([
      {
        type: 'patch_workload',
        reason:
          "Set api's memory limit from 128Mi to 256Mi, and its request with it, following the reviewer's request (revision 1)",
        namespace: NS,
        kind: 'Deployment',
        name: 'api',
        patch: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'api', resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } },
                ],
              },
            },
          },
        },
      },
    ]);
    expect(r.classes).toEqual([{ seq: 1, changeClass: 'resources', fields: expect.any(Array) }]);
    expect(r.diff.sections[0]?.body).toMatch(/memory: 256Mi/);
  });

  it('leaves a quantity over the envelope to be refused by the envelope', async () => {
    const r = await revise('make it 64Gi');

    expect(r).toMatchObject({ planner: 'runbook', outcome: 'failed' });
    expect(r.outcome === 'failed' && r.reason).toContain('64Gi is over the cap of 16Gi (fixer.envelope.resources)');
  });

  it("keeps to the runbook's own cap", async () => {
    const r = await revise('use 8Gi', 'OOMKilled', loadConfig({}).fixer);

    expect(r).toMatchObject({
      planner: 'runbook',
      outcome: 'no_fix',
      explanation: expect.stringContaining('above the 4Gi cap of the OOM runbook'),
    });
  });

  it.each([
    ["don't restart, check the database", 'OOMKilled'],
    ['use 256Mi', 'CrashLoopBackOff'],
  ] as const)('gives no fix for %j on %s, and says what a model would do', async (request, reason) => {
    const r = await revise(request, reason);

    expect(r).toMatchObject({ planner: 'runbook', outcome: 'no_fix' });
    expect(r.outcome === 'no_fix' && r.explanation).toContain(UNREADABLE_REVISION);
  });
});

describe('reading a memory quantity from a request', () => {
  it.each([
    ['use 256Mi', '256Mi'],
    ['256Mi please', '256Mi'],
    ['make it 1Gi', '1Gi'],
    ['use 256Mi, not 128Mi', '256Mi'],
    ['from 128Mi to 512 MiB', '512Mi'],
    ['1.5gi should do', '1.5Gi'],
    ['give it 300M', '300M'],
    ['check the database', undefined],
    ['256Mi or 512Mi?', undefined],
    ['use 256Mi — 128Mi is still below what the indexer loads', '256Mi'],
    ['use 256Mi or maybe use 512Mi', undefined],
    ['500m of cpu', undefined],
  ])('%j → %s', (request, quantity) => {
    expect(requestedQuantity(request)?.quantity).toBe(quantity);
  });
});
