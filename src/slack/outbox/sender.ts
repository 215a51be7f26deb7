// Delivers the outbox: each incident's items in order, at most one message a second per channel, 429s after their
// Retry-After, 5xx and network errors with exponential backoff, each post once (the ts is stored; an uncertain
// attempt is looked for before posting again). Everything it needs is in the store, so a restart resumes it.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { OutboxItem, Store } from '../../store/index.js';
import { postKey } from '../ids.js';
import { classifyFailure, type Failure, setupHint } from './failure.js';
import { findPosted, metadataFor } from './lookup.js';
import { ChannelPacer } from './pacer.js';
import { blocksToText, OutboxPayload } from './payload.js';

export interface SenderOptions {
  store: Store;
  client: webApi.WebClient;
  logger: Logger;
  minIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Called once an incident's own message is posted (its channel and ts are then stored on the incident). */
  onPosted?: (item: OutboxItem, sent: { channel: string; ts: string }) => void;
  /**
   * The clock of the per-channel pacing (ms, like Date.now, which it is by default). Retry times stay on the wall
   * clock, which the store compares them with. A test passes a clock it moves itself to see the pacing exactly.
   */
  pacingClock?: () => number;
}

/** Not Slack's failure: the item cannot go yet (its thread parent is unsent) or ever (its parent failed). */
class NotYet extends Error {}
class Never extends Error {}

const BATCH = 100;
/**
 * The plain renditions tried after a refusal of the blocks: the words nearly whole (Slack documents 40,000
 * characters), then within the 4,000 its docs advise, which a smaller limit than documented still takes.
 */
const FALLBACK_CHARS = [39_000, 3_900];

/** One way of sending an item's message; `plain`: a fallback without blocks. */
interface Rendition {
  text: string;
  blocks?: unknown[];
  plain: boolean;
}

export class OutboxSender {
  private readonly pacer: ChannelPacer;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Channel names as configured → the IDs Slack answered with, so pacing counts both as one channel. */
  private readonly channelIds = new Map<string, string>();

  private readonly clock: () => number;

  constructor(private readonly opts: SenderOptions) {
    this.clock = opts.pacingClock ?? Date.now;
    this.pacer = new ChannelPacer(opts.minIntervalMs, this.clock);
  }

  /** Puts items a stopped sender left mid-call back (to be looked for first), then sends what is due. */
  start(): void {
    this.stopped = false;
    const recovered = this.opts.store.recoverOutbox();
    if (recovered > 0)
      this.opts.logger.info({ recovered }, 'outbox items interrupted mid-send will be looked for before posting again');
    this.kick();
  }

  /** Something was enqueued: send now rather than at the next timer. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.run().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        this.again = false;
        const sent = await this.pass();
        if (!sent && !this.again) return;
      }
    } catch (err) {
      this.opts.logger.error({ err }, 'outbox pass failed');
    }
  }

  private channelKey(item: OutboxItem): string {
    return this.channelIds.get(item.channel) ?? item.channel;
  }

  /** Sends at most one due item per channel that may take one now; true if any went. */
  private async pass(): Promise<boolean> {
    if (this.stopped) return false;
    const now = this.clock();
    const picked = new Map<string, OutboxItem>();
    for (const item of this.opts.store.dueOutbox(BATCH)) {
      const channel = this.channelKey(item);
      if (!picked.has(channel) && this.pacer.nextAt(channel) <= now) picked.set(channel, item);
    }
    if (picked.size === 0) return false;
    await Promise.all([...picked.values()].map((item) => this.deliver(item)));
    return true;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Pacing slots are on the pacing clock, retry times on the wall clock: each is compared with its own.
    const paced = this.clock();
    let wait = Number.POSITIVE_INFINITY;
    for (const item of this.opts.store.dueOutbox(BATCH))
      wait = Math.min(wait, this.pacer.nextAt(this.channelKey(item)) - paced);
    const next = this.opts.store.nextOutboxAt();
    if (next !== undefined) wait = Math.min(wait, Date.parse(next) - Date.now());
    if (!Number.isFinite(wait)) return;
    this.timer = setTimeout(() => this.kick(), Math.max(5, wait));
    this.timer.unref();
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { store, logger } = this.opts;
    const parsed = OutboxPayload.safeParse(item.payload);
    if (!parsed.success) {
      store.failOutbox(item.id, `unreadable payload: ${parsed.error.message}`);
      return;
    }
    const payload = parsed.data;
    if (item.kind === 'update' && store.supersedeOutbox(item.id, payload.target)) return;
    if (!store.claimOutbox(item.id)) return;
    const channel = this.channelKey(item);
    this.pacer.take(channel);
    try {
      const sent = item.kind === 'post' ? await this.post(item, payload) : await this.update(payload);
      store.markOutboxSent(item.id, sent);
      if (sent.channel !== item.channel) this.channelIds.set(item.channel, sent.channel);
      logger.debug({ id: item.id, key: item.dedupeKey, ts: sent.ts }, 'outbox item sent');
      if (item.kind === 'post') this.opts.onPosted?.(item, sent);
    } catch (err) {
      this.failed(item, channel, err);
    }
  }

  private failed(item: OutboxItem, channel: string, err: unknown): void {
    const { store, logger } = this.opts;
    if (err instanceof Never) {
      store.failOutbox(item.id, err.message);
      logger.error({ id: item.id, key: item.dedupeKey, err, reason: err.message }, 'outbox item cannot be sent');
      return;
    }
    const failure: Failure =
      err instanceof NotYet ? { kind: 'retry', inDoubt: false, error: err.message } : classifyFailure(err);
    if (failure.kind === 'retry') {
      const delay = failure.afterMs ?? (failure.slow ? this.opts.retryMaxMs : this.backoff(item.attempts + 1));
      const at = Date.now() + delay;
      if (failure.afterMs !== undefined) this.pacer.holdUntil(channel, this.clock() + delay);
      store.retryOutbox(item.id, {
        nextAttemptAt: new Date(at).toISOString(),
        error: failure.error,
        inDoubt: failure.inDoubt && item.kind === 'post',
      });
      const hint = setupHint(failure.error);
      const log = failure.slow ? logger.error.bind(logger) : logger.warn.bind(logger);
      log(
        {
          id: item.id,
          key: item.dedupeKey,
          attempt: item.attempts + 1,
          retryInMs: delay,
          err,
          reason: failure.error,
          ...(hint ? { hint } : {}),
        },
        'Slack delivery failed; will retry',
      );
      return;
    }
    store.failOutbox(item.id, failure.error);
    logger.error(
      { id: item.id, key: item.dedupeKey, err, reason: failure.error },
      'Slack refused an outbox item; giving up on it',
    );
  }

  /** base × 2^(n-1), capped, with ±20 % jitter so that many items do not retry in step. */
  private backoff(attempt: number): number {
    const raw = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** Math.min(30, attempt - 1));
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  }

  /** The ts of the message `target` was posted as; NotYet while its post is pending, Never if it failed. */
  private posted(target: string): { channel: string; ts: string } {
    const post = this.opts.store.outboxByKey(postKey(target));
    if (post?.status === 'sent' && post.slackTs) return { channel: post.channel, ts: post.slackTs };
    if (!post || post.status === 'failed' || post.status === 'superseded')
      throw new Never(`the message ${target} was never posted`);
    throw new NotYet(`waiting for ${target} to be posted`);
  }

  private async post(item: OutboxItem, payload: OutboxPayload): Promise<{ channel: string; ts: string }> {
    const { client, logger } = this.opts;
    const parent = payload.thread ? this.posted(payload.thread) : undefined;
    const channel = parent?.channel ?? item.channel;
    if (item.inDoubt) {
      const ts = await findPosted(client, logger, {
        channel,
        key: item.dedupeKey,
        since: item.createdAt,
        ...(parent ? { threadTs: parent.ts } : {}),
      });
      if (ts) {
        logger.info(
          { id: item.id, key: item.dedupeKey, ts },
          'found a message an earlier attempt posted; not posting again',
        );
        return { channel, ts };
      }
    }
    const base = {
      channel,
      unfurl_links: false,
      unfurl_media: false,
      metadata: metadataFor(item.dedupeKey, item.incidentId),
      ...(parent ? { thread_ts: parent.ts } : {}),
    };
    const res = await this.withFallback(payload, { id: item.id, key: item.dedupeKey }, (m) =>
      client.chat.postMessage({ ...base, text: m.text, ...(m.blocks ? { blocks: m.blocks as never } : {}) }),
    );
    if (!res.ts) throw new Error('chat.postMessage answered without a ts');
    return { channel: res.channel ?? channel, ts: res.ts };
  }

  private async update(payload: OutboxPayload): Promise<{ channel: string; ts: string }> {
    const { client } = this.opts;
    const target = this.posted(payload.target);
    await this.withFallback(payload, { target: payload.target }, (m) =>
      // A plain rendition clears the blocks an earlier version of the message had.
      client.chat.update({
        channel: target.channel,
        ts: target.ts,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks as never } : m.plain ? { blocks: [] } : {}),
      }),
    );
    return target;
  }

  /**
   * Sends the message as rendered; when Slack refuses its content (invalid_blocks, msg_blocks_too_long,
   * msg_too_long, …), the words as plain text, then those words cut shorter: each refusal steps down once, and
   * only a refusal of the last, shortest rendition gives up on the item.
   */
  private async withFallback<T>(
    payload: OutboxPayload,
    about: Record<string, unknown>,
    send: (m: Rendition) => Promise<T>,
  ): Promise<T> {
    const renditions: Rendition[] = [
      { text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}), plain: false },
    ];
    if (payload.blocks) {
      for (const max of FALLBACK_CHARS) {
        const text = blocksToText(payload, max);
        if (renditions.length === 1 || text !== renditions.at(-1)!.text) renditions.push({ text, plain: true });
      }
    }
    for (let i = 0; ; i++) {
      try {
        return await send(renditions[i]!);
      } catch (err) {
        if (i === renditions.length - 1 || classifyFailure(err).kind !== 'plain') throw err;
        this.opts.logger.warn(
          { ...about, err, chars: renditions[i + 1]!.text.length },
          i === 0 ? 'Slack refused the blocks; sending plain text' : 'Slack refused the plain text; sending it shorter',
        );
      }
    }
  }
}
