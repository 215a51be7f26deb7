// An in-process work queue of incident ids: one worker per incident at a time, at most N at once, repeats merged.
// A request only names an incident; the diagnosis reads its state, so repeated or stale requests are harmless.
import type { Logger } from '../../logger.js';
import type { DiagnoseOutcome } from './types.js';

export interface DiagnosisQueueOptions {
  /** Runs one diagnosis (diagnoseIncident bound to its deps); the signal fires on stop(). */
  diagnose: (incidentId: number, signal: AbortSignal) => Promise<DiagnoseOutcome>;
  /** Diagnoses running at once. */
  concurrency: number;
  logger: Logger;
  /** Called after each diagnosis, e.g. to tell Slack; failures here are logged, never retried. */
  onOutcome?: (incidentId: number, outcome: DiagnoseOutcome) => void;
}

export class DiagnosisQueue {
  private readonly waiting: number[] = [];
  private readonly queued = new Set<number>();
  private readonly running = new Set<number>();
  /** Asked for again while running: run once more afterwards, since the state may have moved on. */
  private readonly again = new Set<number>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly idlers: Array<() => void> = [];
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly opts: DiagnosisQueueOptions) {
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)
      throw new RangeError('concurrency must be a positive integer');
  }

  /** Asks for incident `id` to be diagnosed; a no-op if it is already waiting. */
  enqueue(id: number): void {
    if (this.stopped) return;
    if (this.running.has(id)) {
      this.again.add(id);
      return;
    }
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.waiting.push(id);
    this.pump();
  }

  /** Enqueues `id` at `at` (a retry after its back-off); a later request for the same id replaces an earlier one. */
  enqueueAt(id: number, at: Date): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.enqueue(id);
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Whether `id` is waiting or being diagnosed here. */
  has(id: number): boolean {
    return this.queued.has(id) || this.running.has(id);
  }

  get size(): { waiting: number; running: number; scheduled: number } {
    return { waiting: this.waiting.length, running: this.running.size, scheduled: this.timers.size };
  }

  /** Resolves when nothing is waiting or running (scheduled retries do not count). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Stops taking work, cancels scheduled retries and running diagnoses (they end as failed), and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    this.queued.clear();
    this.again.clear();
    this.abort.abort();
    await this.idle();
  }

  private pump(): void {
    while (this.running.size < this.opts.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.queued.delete(id);
      this.running.add(id);
      void this.work(id);
    }
    if (this.waiting.length === 0 && this.running.size === 0) for (const resolve of this.idlers.splice(0)) resolve();
  }

  private async work(id: number): Promise<void> {
    try {
      const outcome = await this.opts.diagnose(id, this.abort.signal);
      if ('retryAt' in outcome && outcome.retryAt) this.enqueueAt(id, new Date(outcome.retryAt));
      this.opts.onOutcome?.(id, outcome);
    } catch (err) {
      this.opts.logger.error({ incidentId: id, err }, 'diagnosis worker failed');
    } finally {
      this.running.delete(id);
      if (this.again.delete(id)) this.enqueue(id);
      this.pump();
    }
  }
}
