// The one place a failed Slack call becomes a decision: retry (when, and whether it may have been delivered),
// resend without blocks, or give up. WebClient runs with retries: 0 and rejectRateLimitedCalls, so every failure
// arrives here at once and the outbox schedules the retry, surviving restarts.
import { webApi } from '@slack/bolt';
import { describeError } from '../../errors.js';

export type Failure =
  /** `afterMs`: Slack's Retry-After; `inDoubt`: the message may have been posted; `slow`: wait the longest backoff. */
  | { kind: 'retry'; afterMs?: number; inDoubt: boolean; slow?: boolean; error: string }
  /** Slack refused the content (its blocks, or its size): send a plainer, shorter rendition instead. */
  | { kind: 'plain'; error: string }
  | { kind: 'fail'; error: string };

/** Deterministic refusals of the content. */
const CONTENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'msg_too_long',
  'too_many_attachments',
  'markdown_text_conflict',
  'invalid_metadata_format',
  'invalid_metadata_schema',
]);
/** Outside Clopus's control but fixable by a person (invite the bot, restore a token): keep the item, try slowly. */
const SETUP = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'team_access_not_granted',
  'restricted_action',
  'ekm_access_denied',
]);
/** Slack's own trouble: the call may have gone through. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; response_metadata?: { retryAfter?: number } };
}

export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as SlackErrorShape;
  const error = describeError(err);
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return {
        kind: 'retry',
        afterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
        inDoubt: false,
        error: `rate limited (Retry-After ${e.retryAfter ?? 1} s)`,
      };
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status >= 500 || status === 408) return { kind: 'retry', inDoubt: true, error: `HTTP ${status}` };
      return { kind: 'fail', error: `HTTP ${status}` };
    }
    case webApi.ErrorCode.RequestError:
      return { kind: 'retry', inDoubt: true, error };
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited')
        return {
          kind: 'retry',
          afterMs: (e.data?.response_metadata?.retryAfter ?? 1) * 1000,
          inDoubt: false,
          error: code,
        };
      if (CONTENT.has(code)) return { kind: 'plain', error: code };
      if (SETUP.has(code)) return { kind: 'retry', inDoubt: false, slow: true, error: code };
      if (TRANSIENT.has(code)) return { kind: 'retry', inDoubt: true, error: code };
      return { kind: 'fail', error: code };
    }
    default:
      // Not from WebClient (a bug, a store error): the item may or may not have gone out.
      return { kind: 'retry', inDoubt: true, error };
  }
}

/** What a person should do about a setup error, for the log. */
export function setupHint(code: string): string | undefined {
  if (code === 'not_in_channel') return 'invite the Clopus bot to the channel (or grant chat:write.public)';
  if (code === 'channel_not_found') return 'check slack.channel / slack.routes (use channel IDs such as C0123…)';
  if (code === 'missing_scope') return 'add the missing bot scope in the app settings (see manifest.yml) and reinstall';
  if (['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'].includes(code))
    return 'SLACK_BOT_TOKEN no longer works; set a valid bot token';
  return undefined;
}
