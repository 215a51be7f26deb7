// onIncidentReady: a new incident is handed on once its evidence is stored, so a diagnosis never starts without it.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Detector } from '../../src/detector/index.js';
import { silentLogger } from '../../src/logger.js';
import { crashLoop, deployment } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';

let h: Harness | undefined;
let detector: Detector | undefined;
afterEach(async () => {
  await detector?.stop();
  await h?.close();
  h = detector = undefined;
});

describe('Detector onIncidentReady', () => {
  it('fires once per new incident, after its evidence is in the store', async () => {
    h = await startHarness();
    const { pods } = deployment(h.sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 2 });
    for (const p of pods)
      crashLoop(h.sandbox.cluster, 'shop', p.metadata.name, { restarts: 4, logs: { previous: 'panic: boom' } });
    const ready: Array<{ id: number; evidence: boolean }> = [];
    detector = new Detector({
      kube: h.kube,
      store: h.store,
      config: loadConfig({ CLOPUS_DB_PATH: h.dbPath }),
      logger: silentLogger(),
      tickMs: 3_600_000,
      onIncidentReady: (id) => ready.push({ id, evidence: h!.store.latestEvidence(id) !== undefined }),
    });

    await detector.start();
    await waitFor(() => ready.length > 0);
    await detector.idle();
    await detector.tick();

    expect(ready).toEqual([{ id: h.store.listIncidents({ limit: 1, offset: 0 }).items[0]!.id, evidence: true }]);
  });
});
