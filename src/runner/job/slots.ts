// A first-come, first-served limit on diagnosis Jobs running at once. Waiters are served in arrival order, can
// give up (a cancelled diagnosis), and are counted so the bot can show how many wait. Each running diagnosis
// holds a numbered slot (the lowest free one), which names its input ConfigMap.

interface Waiter {
  key: number;
  grant: () => void;
}

export interface Slot {
  /** 0 … limit-1; no two running diagnoses hold the same. */
  index: number;
  release: () => void;
}

export class Slots {
  private readonly held = new Set<number>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('the Job concurrency must be a positive integer');
  }

  /** Diagnoses waiting for a slot, and the incidents they are for, in order. */
  get queued(): { count: number; incidents: number[] } {
    return { count: this.waiting.length, incidents: this.waiting.map((w) => w.key) };
  }

  get active(): number {
    return this.held.size;
  }

  /**
   * Resolves with a slot once one is free; `key` names the waiter (an incident id). Rejects with the signal's
   * reason when it fires first, and the place is given up.
   */
  acquire(key: number, signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.held.size < this.limit && this.waiting.length === 0) return Promise.resolve(this.take());
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

  private take(): Slot {
    let index = 0;
    while (this.held.has(index)) index++;
    this.held.add(index);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.held.delete(index);
      const next = this.waiting.shift();
      if (next) next.grant();
    };
    return { index, release };
  }
}
