// List-then-watch for one scope (all namespaces, or one), level-triggered: a 410 relists, a dropped stream resumes
// with backoff, and every list replaces what the scope holds so nothing missed survives a relist.

import type { ClopusError } from '../errors.js';
import { KubeApiError, type KubeClient, type WatchEventType, type WatchHandle } from '../kube/index.js';
import type { Logger } from '../logger.js';

export interface InformerSink {
  /** One page of a full list of the scope; returns the keys of the pods it took. */
  page(items: unknown[]): string[];
  /** The full list is in: forget every pod of the scope it did not contain. */
  replaced(namespace: string | null, seen: Set<string>): void;
  event(type: WatchEventType, object: unknown): void;
}

export interface InformerOptions {
  kube: KubeClient;
  namespace: string | null;
  sink: InformerSink;
  logger: Logger;
  backoffMaxMs: number;
  /** Called when the first list fails, so a caller can fall back (403 on a cluster-wide list). */
  onListError?: (err: ClopusError) => void;
}

export class Informer {
  private resourceVersion = '';
  private handle: WatchHandle | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private synced = false;
  /** Number of successful lists and watch reconnects, for health reporting and tests. */
  readonly stats = { lists: 0, watches: 0, expired: 0, errors: 0 };

  constructor(private readonly opts: InformerOptions) {}

  get isSynced(): boolean {
    return this.synced;
  }

  get scope(): string {
    return this.opts.namespace ?? '*';
  }

  /** Lists the scope once (throws on failure) and starts watching from the list's resourceVersion. */
  async start(): Promise<void> {
    await this.relist();
    void this.watch();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.handle?.stop();
  }

  /** Full relist, used at start, after a 410 and by the scheduled rescan. */
  async relist(): Promise<void> {
    const seen = new Set<string>();
    const list = await this.opts.kube.listPods(this.opts.namespace, {
      onPage: (items) => {
        for (const key of this.opts.sink.page(items)) seen.add(key);
      },
    });
    this.resourceVersion = list.resourceVersion;
    this.opts.sink.replaced(this.opts.namespace, seen);
    this.stats.lists++;
    this.synced = true;
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    try {
      this.handle = await this.opts.kube.watchPods(this.opts.namespace, this.resourceVersion, {
        onEvent: (type, object) => {
          this.failures = 0;
          const rv = (object as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          if (type !== 'BOOKMARK') this.opts.sink.event(type, object);
        },
        onClose: ({ expired, error }) => {
          if (this.stopped) return;
          if (expired) {
            this.stats.expired++;
            this.opts.logger.info({ scope: this.scope }, 'watch expired (410); relisting');
            this.retry(0, true);
          } else if (error) {
            this.stats.errors++;
            this.opts.logger.warn({ scope: this.scope, err: error }, 'watch failed; resuming with backoff');
            this.retry(this.backoff(), false);
          } else {
            // A normal end (server timeout or restart): resume from where we were; back off if it keeps ending.
            if (this.failures === 0) {
              this.failures = 1;
              this.retry(0, false);
            } else {
              this.retry(this.backoff(), false);
            }
          }
        },
      });
      this.stats.watches++;
    } catch (err) {
      this.stats.errors++;
      this.opts.logger.warn({ scope: this.scope, err }, 'watch could not start; retrying with backoff');
      this.retry(this.backoff(), false);
    }
  }

  private backoff(): number {
    this.failures++;
    const base = Math.min(this.opts.backoffMaxMs, 250 * 2 ** Math.min(this.failures - 1, 10));
    return base / 2 + Math.random() * (base / 2);
  }

  private retry(delayMs: number, relist: boolean): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      if (!relist) return void this.watch();
      this.relist().then(
        () => {
          this.failures = 0;
          void this.watch();
        },
        (err: unknown) => {
          this.stats.errors++;
          this.opts.logger.warn({ scope: this.scope, err }, 'relist failed; retrying with backoff');
          // A throttling server says how long to wait; asking sooner would only be throttled again.
          this.retry(Math.max(this.backoff(), err instanceof KubeApiError ? (err.retryAfterMs ?? 0) : 0), true);
        },
      );
    }, delayMs);
  }
}
