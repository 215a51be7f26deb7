// Slack's secrets come from the environment, never the config file or a parsed object that might be logged:
// SLACK_BOT_TOKEN always; SLACK_APP_TOKEN for Socket Mode (the default when set) or SLACK_SIGNING_SECRET for HTTP.
import type { Config } from '../config/index.js';
import { ClopusError } from '../errors.js';

export type SlackMode = 'socket' | 'http';

export interface SlackCredentials {
  mode: SlackMode;
  botToken: string;
  appToken?: string;
  signingSecret?: string;
}

type Env = Record<string, string | undefined>;

const invalid = (sentence: string): ClopusError =>
  new ClopusError('CONFIG_INVALID', `slack: ${sentence}`, { exitCode: 2 });

/** Undefined when no Slack variable is set (Slack is off); otherwise a consistent set, or CONFIG_INVALID saying what is missing. */
export function slackCredentials(env: Env, mode: Config['slack']['mode']): SlackCredentials | undefined {
  const botToken = env.SLACK_BOT_TOKEN?.trim() || undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (!botToken && !appToken && !signingSecret) return undefined;
  if (!botToken)
    throw invalid('SLACK_BOT_TOKEN is not set; Slack needs the bot token (xoxb-…) from OAuth & Permissions.');
  if (!botToken.startsWith('xoxb-'))
    throw invalid(
      'SLACK_BOT_TOKEN does not look like a bot token; it starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).',
    );
  const chosen: SlackMode | undefined =
    mode === 'auto' ? (appToken ? 'socket' : signingSecret ? 'http' : undefined) : mode;
  if (!chosen)
    throw invalid(
      'set SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) next to SLACK_BOT_TOKEN.',
    );
  if (chosen === 'socket') {
    if (!appToken)
      throw invalid('Socket Mode needs SLACK_APP_TOKEN (an app-level token with connections:write, xapp-…).');
    if (!appToken.startsWith('xapp-'))
      throw invalid(
        'SLACK_APP_TOKEN does not look like an app-level token; it starts with xapp- (Basic Information → App-Level Tokens).',
      );
    return { mode: chosen, botToken, appToken };
  }
  if (!signingSecret) throw invalid('HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).');
  if (!/^[A-Za-z0-9]{16,128}$/.test(signingSecret))
    throw invalid(
      'SLACK_SIGNING_SECRET does not look like a signing secret (letters and digits, as shown under Basic Information → App Credentials).',
    );
  return { mode: chosen, botToken, signingSecret };
}
