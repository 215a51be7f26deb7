// User group membership, read from Slack at most once per TTL per group; concurrent lookups share one call.
import type { Logger } from '../logger.js';
import type { GroupMembers } from './types.js';

interface Entry {
  members: ReadonlySet<string>;
  at: number;
}

export interface MembershipCacheOptions {
  fetch: GroupMembers;
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

export class MembershipCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly now: () => number;

  constructor(private readonly opts: MembershipCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * The group's members. A failed read falls back to the last known members (a Slack hiccup should not lock
   * approvers out); with nothing known it throws, and the caller refuses.
   */
  async members(groupId: string): Promise<ReadonlySet<string>> {
    const entry = this.entries.get(groupId);
    if (entry && this.now() - entry.at < this.opts.ttlMs) return entry.members;
    let pending = this.inFlight.get(groupId);
    if (!pending) {
      pending = this.load(groupId, entry).finally(() => this.inFlight.delete(groupId));
      this.inFlight.set(groupId, pending);
    }
    return pending;
  }

  private async load(groupId: string, stale: Entry | undefined): Promise<ReadonlySet<string>> {
    try {
      const members = new Set(await this.opts.fetch(groupId));
      this.entries.set(groupId, { members, at: this.now() });
      return members;
    } catch (err) {
      this.opts.logger.warn({ groupId, err, stale: stale !== undefined }, 'reading user group members failed');
      if (stale) return stale.members;
      throw err;
    }
  }
}
