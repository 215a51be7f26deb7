// The Claude Code child process's environment and its throwaway HOME (settings, transcripts, plan files).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaudeCredentials, ClaudeLimits } from './types.js';

export interface ChildHome {
  home: string;
  /** An empty working directory, so Claude Code sees no project. */
  cwd: string;
  remove(): Promise<void>;
}

async function copyCredentials(home: string, credentialsFile: string | undefined): Promise<void> {
  if (!credentialsFile) return;
  await mkdir(join(home, '.claude'), { recursive: true, mode: 0o700 });
  await copyFile(credentialsFile, join(home, '.claude', '.credentials.json'));
}

export async function makeChildHome(credentialsFile?: string): Promise<ChildHome> {
  const home = await mkdtemp(join(tmpdir(), 'clopus-claude-'));
  const cwd = join(home, 'work');
  await mkdir(cwd);
  await copyCredentials(home, credentialsFile);
  return { home, cwd, remove: () => rm(home, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }) };
}

/**
 * A HOME that outlives the run, so its session can be resumed: Claude Code files a transcript under the project
 * of its working directory, so the cwd is the same every time. The credentials are copied afresh (a rotated
 * file wins); nothing is removed afterwards.
 */
export async function sessionHome(dir: string, credentialsFile?: string): Promise<ChildHome> {
  const cwd = join(dir, 'work');
  await mkdir(cwd, { recursive: true, mode: 0o700 });
  await copyCredentials(dir, credentialsFile);
  return { home: dir, cwd, remove: async () => {} };
}

/** Built from scratch, not from process.env: the child must not inherit Slack tokens or the kubeconfig. */
export function childEnv(home: string, credentials: ClaudeCredentials, limits: ClaudeLimits): Record<string, string> {
  const env: Record<string, string> = {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
  };
  for (const key of [
    'LANG',
    'TZ',
    'TMPDIR',
    'SSL_CERT_FILE',
    'NODE_EXTRA_CA_CERTS',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
  ]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  for (const [key, value] of Object.entries(credentials.vars)) if (value !== undefined) env[key] = value;
  if (limits.maxRetries !== undefined) env.CLAUDE_CODE_MAX_RETRIES = String(limits.maxRetries);
  if (limits.apiTimeoutMs !== undefined) env.API_TIMEOUT_MS = String(limits.apiTimeoutMs);
  if (limits.streamIdleTimeoutMs !== undefined) {
    env.CLAUDE_ENABLE_BYTE_WATCHDOG = '1';
    env.CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS = String(Math.max(10_000, limits.streamIdleTimeoutMs));
  }
  return env;
}
