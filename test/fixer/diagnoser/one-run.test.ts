// One model run per incident: ten crashing replicas of one Deployment, seen by the real detector over twelve
// rescans, each followed by the enqueues the detector hook and the periodic sweep would make.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { fixerKube } from '../../../src/planner/kube.js';
import {
  createDiagnosisQueue,
  type DiagnoseDeps,
  type DiagnosisQueue,
  sweepDiagnoses,
} from '../../../src/runner/diagnoser/index.js';
import { crashLoop, deployment } from '../../../src/sandbox/index.js';
import { type AnthropicFake, reply, startAnthropicFake, text, toolUse } from '../../fakes/anthropic.js';
import { type Harness, startHarness } from '../../helpers/bot.js';
import { t } from '../claude/harness.js';
import { fakeAccess, fixerConfig, runsStarted, TEST_LIMITS } from './setup.js';

let h: Harness | undefined;
let fake: AnthropicFake | undefined;
let queue: DiagnosisQueue | undefined;
afterEach(async () => {
  await queue?.stop();
  await fake?.close();
  await h?.close();
});

it('diagnoses a Deployment with 10 crashing replicas over 12 rescans with exactly one model run', async () => {
  h = await startHarness();
  fake = await startAnthropicFake();
  const { pods } = deployment(h.sandbox.cluster, {
    namespace: 'shop',
    name: 'web',
    replicas: 10,
    image: 'shop/web:1.4.2',
  });
  const names = pods.map((p) => p.metadata.name);
  for (const name of names)
    crashLoop(h.sandbox.cluster, 'shop', name, {
      restarts: 6,
      logs: { previous: 'fatal: cannot reach the database\n' },
    });
  fake.load([
    () => reply(toolUse(t('get_events'), {})),
    () =>
      reply(
        toolUse(t('propose_fix'), {
          summary: {
            rootCause: 'The pods crash while the database is unreachable and are stuck in back-off.',
            confidence: 'low',
            risk: 'low',
          },
          actions: [{ type: 'restart_pod', reason: 'Retry now that the database is back', pod: names[0] }],
        }),
      ),
    () => reply(text('Proposed a restart.')),
  ]);
  const deps: DiagnoseDeps = {
    store: h.store,
    kube: fixerKube(h.kube),
    config: fixerConfig(),
    access: fakeAccess(fake),
    logger: silentLogger(),
    limits: TEST_LIMITS,
  };
  queue = createDiagnosisQueue(deps);
  await h.detector.start();

  for (let scan = 1; scan <= 12; scan++) {
    for (const name of names) crashLoop(h.sandbox.cluster, 'shop', name, { restarts: 6 + scan, event: false });
    await h.detector.rescan();
    await h.detector.idle();
    for (const incident of h.store.listLive()) queue.enqueue(incident.id);
    sweepDiagnoses(deps, queue);
    await sleep(150);
  }
  await queue.idle();

  const incidents = h.store.listIncidents({ limit: 10, offset: 0 }).items;
  expect(incidents).toHaveLength(1);
  expect(incidents[0]).toMatchObject({ state: 'proposed', reason: 'CrashLoopBackOff', workloadName: 'web' });
  expect(incidents[0]!.pods).toHaveLength(10);
  expect(runsStarted(fake)).toBe(1);
  expect(fake.consumed).toBe(3);
  expect(fake.overrun).toBe(0);
  expect(h.store.listDiagnoses(incidents[0]!.id)).toEqual([
    expect.objectContaining({ attempt: 1, planner: 'claude', status: 'proposed' }),
  ]);
  expect(h.store.auditTrail(incidents[0]!.id).filter((a) => a.toState === 'diagnosing')).toHaveLength(1);
});
