// Each event handled once: a global middleware that drops an Events API delivery whose event_id was seen lately
// (Slack's retry of an event it thinks went unacknowledged: HTTP's x-slack-retry-num, Socket Mode's retry_attempt).
// Bolt has acked the delivery by then, so Slack stops retrying; a retry of an event not seen yet (the first try was
// lost, or reached a process since restarted) is handled as the first.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { SeenEvents } from './seen.js';

export function onlyOnce(logger: Logger, seen = new SeenEvents()): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const { type, event_id: eventId } = body as { type?: unknown; event_id?: unknown };
    if (type === 'event_callback' && typeof eventId === 'string' && !seen.first(eventId)) {
      logger.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'ignoring a Slack event delivered again',
      );
      return;
    }
    await next();
  };
}
