// Which model access Clopus has: an API key, a mounted Claude Code credentials file, or a cloud provider that
// Claude Code reaches with its own variables. None of them → only the runbooks run.
import { accessSync, constants } from 'node:fs';
import type { Config } from '../config/index.js';
import { ClopusError } from '../errors.js';
import type { ClaudeCredentials, ClaudeLimits } from './claude/types.js';

type Env = Record<string, string | undefined>;

/** Variables Claude Code reads itself, for the Anthropic API, Bedrock and Vertex; passed to the child unchanged. */
const PASS_THROUGH = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_SKIP_BEDROCK_AUTH',
  'ANTHROPIC_BEDROCK_BASE_URL',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_SKIP_VERTEX_AUTH',
  'ANTHROPIC_VERTEX_PROJECT_ID',
  'ANTHROPIC_VERTEX_BASE_URL',
  'CLOUD_ML_REGION',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CLOUD_PROJECT',
] as const;
/** Claude Code's per-model Vertex regions, e.g. VERTEX_REGION_CLAUDE_3_5_HAIKU. */
const PASS_THROUGH_PREFIX = 'VERTEX_REGION_';

export type CredentialSource = 'api_key' | 'oauth_token' | 'credentials_file' | 'bedrock' | 'vertex';

export interface ModelAccess {
  source: CredentialSource;
  credentials: ClaudeCredentials;
}

const truthy = (value: string | undefined): boolean =>
  value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());

function source(env: Env, credentialsFile: string | undefined): CredentialSource | undefined {
  if (truthy(env.CLAUDE_CODE_USE_BEDROCK)) return 'bedrock';
  if (truthy(env.CLAUDE_CODE_USE_VERTEX)) return 'vertex';
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN) return 'api_key';
  if (env.CLAUDE_CODE_OAUTH_TOKEN) return 'oauth_token';
  if (credentialsFile) return 'credentials_file';
  return undefined;
}

/**
 * The model access the environment and config give, or undefined when there is none (then only runbooks run).
 * A configured credentials file that cannot be read is a configuration error, not a silent fallback.
 */
export function modelAccess(fixer: Config['fixer'], env: Env = process.env): ModelAccess | undefined {
  const file = fixer.credentialsFile;
  if (file) {
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      throw new ClopusError(
        'CONFIG_INVALID',
        `fixer.credentialsFile: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); mount the Claude Code credentials there or unset CLOPUS_CLAUDE_CREDENTIALS_FILE`,
        { exitCode: 2, cause: err },
      );
    }
  }
  const found = source(env, file);
  if (found === undefined) return undefined;
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if ((PASS_THROUGH as readonly string[]).includes(key) || key.startsWith(PASS_THROUGH_PREFIX)) vars[key] = value;
  }
  return { source: found, credentials: { vars, ...(file ? { credentialsFile: file } : {}) } };
}

/** The Claude planner's limits from config. The wall time bounds everything, retries included. */
export function claudeLimits(fixer: Config['fixer']): ClaudeLimits {
  return {
    timeoutMs: fixer.timeoutSeconds * 1000,
    maxTurns: fixer.maxTurns,
    maxBudgetUsd: fixer.maxBudgetUsd,
    maxRetries: fixer.apiRetries,
  };
}
