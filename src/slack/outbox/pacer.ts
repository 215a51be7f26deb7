// At most one message a second per channel (Slack's own limit), and a channel held back after a 429 until its
// Retry-After has passed. In memory: after a restart the first message to a channel may go at once, which is fine.

export class ChannelPacer {
  private readonly readyAt = new Map<string, number>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** When the next message to `channel` may go (now or earlier means at once). */
  nextAt(channel: string): number {
    return this.readyAt.get(channel) ?? 0;
  }

  /** Records a message going to `channel` now. */
  take(channel: string): void {
    this.readyAt.set(channel, Math.max(this.nextAt(channel), this.now() + this.minIntervalMs));
  }

  /** Holds the channel back until `untilMs` (a 429's Retry-After). */
  holdUntil(channel: string, untilMs: number): void {
    this.readyAt.set(channel, Math.max(this.nextAt(channel), untilMs));
  }
}
