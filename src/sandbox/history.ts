// The bounded change log that lets a watch resume from a resourceVersion, and the 410 when it no longer can.
import type { ChangeEvent } from './types.js';

export class History {
  private events: ChangeEvent[] = [];
  private start = 0;
  /** Every change with rv <= compactedRv is forgotten. */
  private compactedRv = 0;

  constructor(private readonly limit: number) {}

  push(event: ChangeEvent): void {
    this.events.push(event);
    if (this.events.length - this.start > this.limit) {
      const dropped = this.events[this.start];
      if (dropped) this.compactedRv = dropped.rv;
      this.start += 1;
      // Trim the array in bulk so pushing stays amortised O(1).
      if (this.start > this.limit) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
  }

  /** Forget everything up to `rv` (the current one), like an etcd compaction. */
  compact(rv: number): void {
    this.events = [];
    this.start = 0;
    this.compactedRv = rv;
  }

  /** Oldest resourceVersion a watch may still resume from. */
  get oldestResumable(): number {
    return this.compactedRv;
  }

  /** The changes after `rv`, or undefined when they were compacted away. */
  since(rv: number): ChangeEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let lo = this.start;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }
}
