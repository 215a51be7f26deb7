// The Slack fake's vocabulary: the tokens it accepts, and what it records of every call, message and envelope.

/**
 * Slack's JSON as the fake holds it. Payloads are open-ended (blocks, views, metadata), and the fake's users read
 * into them as freely as Slack's own clients do, so the type stays open.
 */
// biome-ignore lint/suspicious/noExplicitAny: Slack's payloads are open-ended JSON, read into freely by the fake's users.
export type Json = any;
export type JsonObject = Record<string, Json>;

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-1-test-app-token';

export interface RecordedCall {
  method: string;
  /** Form fields, with JSON-string fields (blocks, metadata) parsed. */
  params: JsonObject;
  token: string | undefined;
  at: number;
  status: number;
  /** The Retry-After (seconds) a 429 answered with. */
  retryAfter?: number;
  /** The `error` of an `ok: false` answer. */
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: Json[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  updates: number;
  /** A person's message (userPost); the bot's own have none. */
  user?: string;
}

/** A scripted answer to the next call of a method: an HTTP error, a 429, an `ok:false`, or success after a delay. */
export interface Scripted {
  status?: number;
  retryAfter?: number;
  error?: string;
  delayMs?: number;
  /** Do what the call asks, then answer with `status`/`error` anyway (a 5xx after the message went out). */
  deliver?: boolean;
}

export interface Envelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: unknown;
  accepts_response_payload: boolean;
}
