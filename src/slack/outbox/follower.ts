// Follows the audit trail so that changes made anywhere (the detector resolving, a sweep expiring, `clopus approve`
// in a terminal, another replica) reach Slack: every audited change re-syncs the incident's messages. The cursor is
// kept in the store, so changes made while the bot was down are shown when it starts.
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/index.js';
import type { SlackNotifier } from './notifier.js';

export const CURSOR_KEY = 'slack.sync_cursor';
const PAGE = 200;

export interface FollowerOptions {
  store: Store;
  notifier: SlackNotifier;
  logger: Logger;
  intervalMs: number;
}

export class ChangeFollower {
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;

  constructor(private readonly opts: FollowerOptions) {}

  /**
   * On the first start ever, begins at the newest audit row (history before Slack was set up is not replayed) and
   * posts every live incident; later starts resume from the stored cursor.
   */
  start(): void {
    const { store } = this.opts;
    const saved = store.getSetting(CURSOR_KEY)?.value;
    if (typeof saved === 'number') {
      this.cursor = saved;
    } else {
      this.cursor = store
        .incidentChangesSince(0, Number.MAX_SAFE_INTEGER)
        .reduce((max, c) => Math.max(max, c.lastAuditId), 0);
      store.setSetting(CURSOR_KEY, this.cursor, 'slack');
    }
    for (const incident of store.listLive()) this.safely(incident.id, true);
    this.poll();
    this.timer = setInterval(() => this.poll(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Syncs every incident changed since the cursor; a live incident past `open` is posted if it never was. */
  poll(): void {
    const { store } = this.opts;
    try {
      for (;;) {
        const changes = store.incidentChangesSince(this.cursor, PAGE);
        for (const change of changes) {
          const state = store.getIncident(change.incidentId)?.state;
          this.safely(change.incidentId, state !== undefined && state !== 'open');
          this.cursor = Math.max(this.cursor, change.lastAuditId);
        }
        if (changes.length > 0) store.setSetting(CURSOR_KEY, this.cursor, 'slack');
        if (changes.length < PAGE) return;
      }
    } catch (err) {
      this.opts.logger.error({ err }, 'following incident changes failed');
    }
  }

  private safely(incidentId: number, post: boolean): void {
    try {
      this.opts.notifier.sync(incidentId, { post });
    } catch (err) {
      this.opts.logger.error({ incidentId, err }, 'syncing the Slack messages of an incident failed');
    }
  }
}
