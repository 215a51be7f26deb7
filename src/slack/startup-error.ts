// A Slack failure while starting becomes one sentence and an exit code, never an unhandled rejection or a stack.
import { webApi } from '@slack/bolt';
import { ClopusError, describeError, isClopusError } from '../errors.js';

const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'team_disabled',
  'user_removed_from_team',
]);

/** `secret` names the variable the failing call used, e.g. SLACK_BOT_TOKEN for auth.test. */
export function startupError(err: unknown, secret: string, apiUrl: string): ClopusError {
  if (isClopusError(err)) return err;
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown };
  if (e?.code === webApi.ErrorCode.PlatformError && e.data?.error && AUTH.has(e.data.error)) {
    return new ClopusError(
      'SLACK_ERROR',
      `Slack refused ${secret} (${e.data.error}): set a valid token for this app and start again.`,
      { exitCode: 2, cause: err },
    );
  }
  if (e?.code === webApi.ErrorCode.PlatformError) {
    return new ClopusError(
      'SLACK_ERROR',
      `Slack answered ${e.data?.error ?? 'an error'} while Clopus started with ${secret}; check the app's settings against manifest.yml.`,
      { exitCode: 2, cause: err },
    );
  }
  if (e?.code === webApi.ErrorCode.RequestError || e?.code === webApi.ErrorCode.HTTPError) {
    return new ClopusError(
      'SLACK_ERROR',
      `Clopus cannot reach Slack at ${apiUrl} (${describeError(e.original ?? err)}); check the network${apiUrl.includes('slack.com') ? '' : ' or CLOPUS_SLACK_API_URL'}.`,
      { cause: err },
    );
  }
  const listen = err as NodeJS.ErrnoException & { port?: number };
  if (listen?.code === 'EADDRINUSE') {
    return new ClopusError(
      'SLACK_ERROR',
      `Port ${listen.port ?? 'CLOPUS_SLACK_PORT'}, where Slack's HTTP receiver listens, is already in use: set CLOPUS_SLACK_PORT to a free port (and the app's Request URL to match), or to 0 for any free one.`,
      { cause: err, exitCode: 2 },
    );
  }
  if (listen?.code === 'EACCES') {
    return new ClopusError(
      'SLACK_ERROR',
      `Slack's HTTP receiver may not listen on port ${listen.port ?? 'CLOPUS_SLACK_PORT'} (ports below 1024 need privileges): set CLOPUS_SLACK_PORT to a port above 1023.`,
      { cause: err, exitCode: 2 },
    );
  }
  return new ClopusError('SLACK_ERROR', `Slack did not start: ${describeError(err)}.`, { cause: err });
}
