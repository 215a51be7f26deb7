import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { childEnv, makeChildHome } from '../../../src/planner/claude/child-env.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

it('passes credentials and limits, and nothing else of our environment', () => {
  vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-not-for-the-model');
  vi.stubEnv('KUBECONFIG', '/etc/clopus/kubeconfig');

  const env = childEnv(
    '/tmp/h',
    { vars: { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_USE_BEDROCK: '1', UNSET: undefined } },
    { timeoutMs: 1, maxTurns: 1, maxBudgetUsd: 1, maxRetries: 2, apiTimeoutMs: 3000, streamIdleTimeoutMs: 5000 },
  );

  expect(env).toMatchObject({
    HOME: '/tmp/h',
    ANTHROPIC_API_KEY: 'k',
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_MAX_RETRIES: '2',
    API_TIMEOUT_MS: '3000',
    CLAUDE_ENABLE_BYTE_WATCHDOG: '1',
    CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS: '10000',
  });
  expect(env).not.toHaveProperty('SLACK_BOT_TOKEN');
  expect(env).not.toHaveProperty('KUBECONFIG');
  expect(env).not.toHaveProperty('UNSET');
});

it('makes a fresh HOME with the mounted credentials file, and removes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clopus-creds-'));
  const creds = join(dir, 'credentials.json');
  writeFileSync(creds, '{"claudeAiOauth":{}}');

  const home = await makeChildHome(creds);
  const copied = readFileSync(join(home.home, '.claude', '.credentials.json'), 'utf8');
  await home.remove();

  expect(copied).toBe('{"claudeAiOauth":{}}');
  expect(existsSync(home.home)).toBe(false);
  rmSync(dir, { recursive: true, force: true });
});
