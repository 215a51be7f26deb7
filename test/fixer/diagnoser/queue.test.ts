// The diagnosis queue: one worker per incident, at most N at once, repeats merged, retries scheduled, stop cancels.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { type DiagnoseOutcome, DiagnosisQueue } from '../../../src/runner/diagnoser/index.js';

function recorder(
  work: (id: number, signal: AbortSignal) => Promise<DiagnoseOutcome> = async () => ({
    outcome: 'skipped',
    reason: 'test',
  }),
) {
  const active = new Map<number, number>();
  const runs: number[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  let maxPerIncident = 0;
  return {
    runs,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get maxPerIncident() {
      return maxPerIncident;
    },
    diagnose: async (id: number, signal: AbortSignal): Promise<DiagnoseOutcome> => {
      runs.push(id);
      active.set(id, (active.get(id) ?? 0) + 1);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      maxPerIncident = Math.max(maxPerIncident, active.get(id)!);
      try {
        await sleep(30);
        return await work(id, signal);
      } finally {
        concurrent--;
        active.set(id, active.get(id)! - 1);
      }
    },
  };
}

describe('DiagnosisQueue', () => {
  it('never works on one incident twice at once, and merges repeats into one more run', async () => {
    const r = recorder();
    const queue = new DiagnosisQueue({ diagnose: r.diagnose, concurrency: 4, logger: silentLogger() });

    for (let i = 0; i < 10; i++) queue.enqueue(7);
    await sleep(5);
    for (let i = 0; i < 10; i++) queue.enqueue(7);
    await queue.idle();

    expect(r.maxPerIncident).toBe(1);
    expect(r.runs).toEqual([7, 7]);
  });

  it('runs at most `concurrency` diagnoses at once', async () => {
    const r = recorder();
    const queue = new DiagnosisQueue({ diagnose: r.diagnose, concurrency: 2, logger: silentLogger() });

    for (const id of [1, 2, 3, 4, 5]) queue.enqueue(id);
    await queue.idle();

    expect(r.maxConcurrent).toBe(2);
    expect(r.runs.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('enqueues a failed diagnosis again when its retry is due', async () => {
    let calls = 0;
    const r = recorder(async () =>
      ++calls === 1
        ? { outcome: 'failed', reason: 'overloaded', retryAt: new Date(Date.now() + 80).toISOString() }
        : { outcome: 'skipped', reason: 'done' },
    );
    const queue = new DiagnosisQueue({ diagnose: r.diagnose, concurrency: 1, logger: silentLogger() });

    queue.enqueue(3);
    await queue.idle();
    const scheduled = queue.size.scheduled;
    await sleep(150);
    await queue.idle();

    expect(scheduled).toBe(1);
    expect(r.runs).toEqual([3, 3]);
  });

  it('keeps going when a diagnosis throws', async () => {
    const r = recorder(async (id) => {
      if (id === 1) throw new Error('boom');
      return { outcome: 'skipped', reason: 'ok' };
    });
    const queue = new DiagnosisQueue({ diagnose: r.diagnose, concurrency: 1, logger: silentLogger() });

    queue.enqueue(1);
    queue.enqueue(2);
    await queue.idle();

    expect(r.runs).toEqual([1, 2]);
  });

  it('cancels running diagnoses on stop and takes no more work', async () => {
    const seen: boolean[] = [];
    const queue = new DiagnosisQueue({
      diagnose: async (_id, signal) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        seen.push(signal.aborted);
        return { outcome: 'failed', reason: 'the diagnosis was cancelled' };
      },
      concurrency: 2,
      logger: silentLogger(),
    });
    queue.enqueue(1);
    queue.enqueue(2);
    queue.enqueue(3);

    await queue.stop();
    queue.enqueue(4);

    expect(seen).toEqual([true, true]);
    expect(queue.size).toEqual({ waiting: 0, running: 0, scheduled: 0 });
  });
});
