// The Job concurrency limit: five incidents, a limit of three, sampled from the sandbox's own change stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnosisQueue, type DiagnoseOutcome } from '../../../src/runner/diagnoser/index.js';
import { BOT_NS, jobRunner, startWorld, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('the job runner limit', () => {
  it('never runs more than 3 Jobs at once; the rest wait in order, visible as queued, and all five are diagnosed', async () => {
    const { store, incidentIds, deps } = w.arrange({ CLOPUS_DIAGNOSIS_CONCURRENCY: '5' }, 5);
    const runner = jobRunner(w, { image: 'clopus:slow-no-fix', concurrency: 3 });
    const outcomes = new Map<number, DiagnoseOutcome>();
    const queue = createDiagnosisQueue(deps(runner.plan), { onOutcome: (id, o) => outcomes.set(id, o) });
    let most = 0;
    let waited: number[] = [];
    const started: string[] = [];
    const unsubscribe = w.sandbox.cluster.subscribe((c) => {
      if (c.kind !== 'Job') return;
      if (c.type === 'ADDED') started.push(String(c.entry.obj.metadata.labels?.['clopus.dev/incident']));
      most = Math.max(most, w.sandbox.cluster.list('Job', BOT_NS).length);
      const { queuedIncidents } = runner.stats();
      if (queuedIncidents.length > waited.length) waited = queuedIncidents;
    });

    for (const id of incidentIds) queue.enqueue(id);
    await queue.idle();
    unsubscribe();

    expect(most).toBe(3);
    expect(waited).toHaveLength(2);
    expect(started.slice(3)).toEqual(waited.map(String));
    expect([...outcomes.values()].map((o) => o.outcome)).toEqual(Array(5).fill('no_fix'));
    expect(incidentIds.map((id) => store.getIncident(id)?.state)).toEqual(Array(5).fill('no_fix'));
    expect(runner.stats()).toEqual({ queued: 0, queuedIncidents: [], running: 0 });
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
  });
});
