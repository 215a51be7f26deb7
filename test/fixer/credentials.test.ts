// Model access: which credentials count, what reaches Claude Code, and what never does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { claudeLimits, modelAccess } from '../../src/planner/credentials.js';

const fixer = (env: Record<string, string> = {}) => loadConfig(env).fixer;

describe('modelAccess', () => {
  it('is undefined without credentials, so only runbooks run', () => {
    expect(modelAccess(fixer(), { PATH: '/bin', SLACK_BOT_TOKEN: 'xoxb-1' })).toBeUndefined();
  });

  it.each([
    [{ ANTHROPIC_API_KEY: 'sk-ant-x' }, 'api_key'],
    [{ CLAUDE_CODE_OAUTH_TOKEN: 'oat' }, 'oauth_token'],
    [{ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' }, 'bedrock'],
    [{ CLAUDE_CODE_USE_VERTEX: 'true', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'p' }, 'vertex'],
    [{ CLAUDE_CODE_USE_BEDROCK: '0', ANTHROPIC_API_KEY: 'sk-ant-x' }, 'api_key'],
  ])('recognises %j as %s', (env, source) => {
    expect(modelAccess(fixer(), env)?.source).toBe(source);
  });

  it("passes only the provider's own variables to Claude Code, never the bot's tokens", () => {
    const access = modelAccess(fixer(), {
      CLAUDE_CODE_USE_VERTEX: '1',
      CLOUD_ML_REGION: 'us-east5',
      ANTHROPIC_VERTEX_PROJECT_ID: 'proj',
      VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1',
      GOOGLE_APPLICATION_CREDENTIALS: '/var/run/gcp/key.json',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      KUBECONFIG: '/k',
      CLOPUS_DB_PATH: '/db',
    });

    expect(access?.credentials.vars).toEqual({
      CLAUDE_CODE_USE_VERTEX: '1',
      CLOUD_ML_REGION: 'us-east5',
      ANTHROPIC_VERTEX_PROJECT_ID: 'proj',
      VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1',
      GOOGLE_APPLICATION_CREDENTIALS: '/var/run/gcp/key.json',
    });
  });

  it('uses a mounted credentials file, and refuses one it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clopus-creds-'));
    const file = join(dir, '.credentials.json');
    writeFileSync(file, '{"claudeAiOauth":{}}');

    expect(modelAccess(fixer({ CLOPUS_CLAUDE_CREDENTIALS_FILE: file }), {})).toEqual({
      source: 'credentials_file',
      credentials: { vars: {}, credentialsFile: file },
    });
    expect(() => modelAccess(fixer({ CLOPUS_CLAUDE_CREDENTIALS_FILE: join(dir, 'missing.json') }), {})).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('cannot read') }),
    );
  });
});

it('derives the planner limits from config', () => {
  expect(claudeLimits(fixer({ CLOPUS_CLAUDE_TIMEOUT_SECONDS: '90', CLOPUS_CLAUDE_API_RETRIES: '1' }))).toEqual({
    timeoutMs: 90_000,
    maxTurns: 20,
    maxBudgetUsd: 1,
    maxRetries: 1,
  });
});
