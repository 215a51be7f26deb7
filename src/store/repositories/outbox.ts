// Slack deliveries (outbox.ts), enqueued in order and deduplicated by key.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import {
  claimOutbox,
  dueOutbox,
  enqueueOutbox,
  failOutbox,
  latestOutboxFor,
  listOutbox,
  markOutboxSent,
  nextOutboxAt,
  outboxById,
  outboxByKey,
  recoverOutbox,
  retryOutbox,
  supersedeOutbox,
} from '../outbox.js';
import type { NewOutboxItem, OutboxItem, OutboxRetry, OutboxStatus } from '../outbox-types.js';

export interface OutboxRepository {
  /** Slack deliveries (outbox.ts): enqueued in order, deduplicated by key; only each incident's oldest is due. */
  enqueueOutbox(items: readonly NewOutboxItem[]): OutboxItem[];
  dueOutbox(limit: number): OutboxItem[];
  nextOutboxAt(): string | undefined;
  claimOutbox(id: number): boolean;
  markOutboxSent(id: number, sent: { ts: string; channel: string }): boolean;
  retryOutbox(id: number, retry: OutboxRetry): boolean;
  failOutbox(id: number, error: string): boolean;
  supersedeOutbox(id: number, target: string): boolean;
  recoverOutbox(): number;
  outboxByKey(dedupeKey: string): OutboxItem | undefined;
  outboxById(id: number): OutboxItem | undefined;
  latestOutboxFor(target: string): OutboxItem | undefined;
  listOutbox(filter: {
    incidentId?: number;
    status?: OutboxStatus | readonly OutboxStatus[];
    limit?: number;
  }): OutboxItem[];
}

/** Outbox operations over the store's one connection. */
export function outboxRepository(ctx: StoreContext): OutboxRepository {
  return {
    enqueueOutbox: guarded('enqueueOutbox', (items) => enqueueOutbox(ctx, items)),
    dueOutbox: guarded('dueOutbox', (limit) => dueOutbox(ctx, limit)),
    nextOutboxAt: guarded('nextOutboxAt', () => nextOutboxAt(ctx)),
    claimOutbox: guarded('claimOutbox', (id) => claimOutbox(ctx, id)),
    markOutboxSent: guarded('markOutboxSent', (id, sent) => markOutboxSent(ctx, id, sent)),
    retryOutbox: guarded('retryOutbox', (id, retry) => retryOutbox(ctx, id, retry)),
    failOutbox: guarded('failOutbox', (id, error) => failOutbox(ctx, id, error)),
    supersedeOutbox: guarded('supersedeOutbox', (id, target) => supersedeOutbox(ctx, id, target)),
    recoverOutbox: guarded('recoverOutbox', () => recoverOutbox(ctx)),
    outboxByKey: guarded('outboxByKey', (key) => outboxByKey(ctx, key)),
    outboxById: guarded('outboxById', (id) => outboxById(ctx, id)),
    latestOutboxFor: guarded('latestOutboxFor', (target) => latestOutboxFor(ctx, target)),
    listOutbox: guarded('listOutbox', (filter) => listOutbox(ctx, filter)),
  };
}
