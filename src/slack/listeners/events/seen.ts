// The event_ids delivered lately, to tell a redelivery from a new event. Slack delivers an event again when it
// thinks the first delivery went unacknowledged (up to three retries over about five minutes), with the same
// event_id; remembering ids for ten minutes covers them. Bounded, so a flood of events cannot grow it.

export interface SeenOptions {
  /** How many ids to remember at most; the oldest is forgotten first. */
  max?: number;
  /** How long an id is remembered. */
  ttlMs?: number;
  now?: () => number;
}

export class SeenEvents {
  /** id → when first seen; a Map keeps insertion order, so the oldest comes first. */
  private readonly seen = new Map<string, number>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: SeenOptions = {}) {
    this.max = opts.max ?? 1000;
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** True the first time `id` is seen (within the window), false for every delivery after that. */
  first(id: string): boolean {
    const now = this.now();
    for (const [old, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(old);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}
