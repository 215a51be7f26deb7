// A first-come, first-served limit on diagnosis Jobs running at once. Waiters are served in arrival order, can
// give up (a cancelled diagnosis), and are counted so the bot can show how many wait.

interface Waiter {
  key: number;
  grant: () => void;
}

export class Slots {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('the Job concurrency must be a positive integer');
  }

  /** Diagnoses waiting for a slot, and the incidents they are for, in order. */
  get queued(): { count: number; incidents: number[] } {
    return { count: this.waiting.length, incidents: this.waiting.map((w) => w.key) };
  }

  get active(): number {
    return this.running;
  }

  /**
   * Resolves with a release function once a slot is free; `key` names the waiter (an incident id). Rejects with
   * the signal's reason when it fires first, and the place is given up.
   */
  acquire(key: number, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.limit && this.waiting.length === 0) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        key,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take());
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private take(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) next.grant();
    };
  }
}
