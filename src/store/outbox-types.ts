// The Slack outbox and the policy's state: what must still be said in Slack, and what auto-approve has used up.

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'superseded'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** `post` creates a message (chat.postMessage); `update` edits one posted before (chat.update on its stored ts). */
export const OUTBOX_KINDS = ['post', 'update'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface NewOutboxItem {
  /** Items of one incident are sent in the order they were enqueued; null: no ordering with anything else. */
  incidentId: number | null;
  channel: string;
  kind: OutboxKind;
  /** What to send, as JSON; the store does not know its shape (the Slack module parses it). */
  payload: unknown;
  /** Unique: enqueueing the same key again does nothing, so a retried enqueue or two replicas add one item. */
  dedupeKey: string;
}

export interface OutboxItem {
  id: number;
  incidentId: number | null;
  channel: string;
  kind: OutboxKind;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  /** The message's ts once posted (for a post) or updated (for an update). */
  slackTs: string | null;
  dedupeKey: string;
  lastError: string | null;
  /** An earlier attempt may have reached Slack without an answer: look for the message before posting again. */
  inDoubt: boolean;
}

export interface OutboxRetry {
  nextAttemptAt: string;
  error: string;
  /** Whether the failed attempt may have been delivered (a 5xx, a timeout, a lost connection). */
  inDoubt: boolean;
}

/** An incident whose audit trail grew past a cursor: its newest audit row's id is the version of its state. */
export interface IncidentChange {
  incidentId: number;
  lastAuditId: number;
}

export interface Setting {
  key: string;
  value: unknown;
  updatedAt: string;
  updatedBy: string;
}

export interface AutoApprovalRequest {
  rule: string;
  namespace: string;
  incidentId: number;
  proposalId: number;
  /** At most this many reservations for (rule, namespace) since `windowStart`. */
  limit: number;
  windowStart: string;
  /** A setting whose JSON value has `paused: true` while auto-approve is switched off. */
  pauseKey: string;
}

/** `already`: this proposal was reserved before (a repeated hook); the first reservation stands. */
export type AutoApprovalReservation = 'reserved' | 'paused' | 'limited' | 'already';
