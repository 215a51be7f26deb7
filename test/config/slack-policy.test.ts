import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { slackCredentials } from '../../src/slack/index.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clopus-config-')), 'clopus.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): { message: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    return err as { message: string; exitCode: number };
  }
  throw new Error('expected an error');
}

describe('slack and policy configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});

    expect(config.slack).toEqual({
      mode: 'auto',
      port: 3000,
      routes: [],
      command: '/clopus',
      minIntervalMs: 1000,
      retryBaseMs: 1000,
      retryMaxMs: 300_000,
      usergroupCacheSeconds: 300,
      pingTimeoutMs: 5000,
      syncIntervalMs: 2000,
    });
    expect(config.policy).toEqual({ approvers: [], namespaceApprovers: [], trusted: [] });
  });

  it('reads the env and a file with routes, per-namespace approvers and trusted rules', () => {
    const file = yamlFile(`slack:
  channel: C0OPS
  routes:
    - namespaces: ["pay*"]
      channel: "#payments-alerts"
policy:
  approvers: [U0ALICE]
  namespaceApprovers:
    - namespaces: [shop]
      approvers: [S0SHOP]
  trusted:
    - name: staging
      namespaces: ["staging-*"]
      classes: [restart-pod, resources]
`);

    const config = loadConfig({
      CLOPUS_CONFIG: file,
      CLOPUS_SLACK_PORT: '8081',
      CLOPUS_SLACK_MODE: 'http',
      CLOPUS_APPROVERS: 'U0BOB,S0SRE',
      CLOPUS_SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });

    expect(config.slack).toMatchObject({
      mode: 'http',
      port: 8081,
      channel: 'C0OPS',
      apiUrl: 'http://127.0.0.1:9/api/',
      routes: [{ namespaces: ['pay*'], channel: '#payments-alerts' }],
    });
    expect(config.policy).toEqual({
      approvers: ['U0BOB', 'S0SRE'],
      namespaceApprovers: [{ namespaces: ['shop'], approvers: ['S0SHOP'] }],
      trusted: [{ name: 'staging', namespaces: ['staging-*'], classes: ['restart-pod', 'resources'], maxPerHour: 3 }],
    });
  });

  it('names every bad key: approver IDs, change classes, the old actions key, duplicate rules, channels', () => {
    const file = yamlFile(`slack:
  channel: ops
policy:
  trusted:
    - name: a
      namespaces: [x]
      classes: [delete-namespace]
    - name: b
      namespaces: [y]
      classes: [image-tag]
    - name: c
      namespaces: [z]
      actions: [exec]
`);

    const err = errorOf(() => loadConfig({ CLOPUS_CONFIG: file, CLOPUS_APPROVERS: 'alice' }));

    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('slack.channel: expected a channel ID (C…) or #name');
    expect(err.message).toContain('policy.approvers.0: expected a Slack user ID (U…/W…) or user group ID (S…)');
    expect(err.message).toContain('policy.trusted.0.classes.0: Invalid option');
    expect(err.message).toContain('policy.trusted.1.classes.0: image-tag is never auto-approved');
    expect(err.message).toContain(
      'policy.trusted.2.actions: trusted rules name change classes now: replace actions with classes',
    );
    const dup = errorOf(() =>
      loadConfig({
        CLOPUS_CONFIG: yamlFile(
          'policy:\n  trusted:\n    - { name: a, namespaces: [x], classes: [scale] }\n    - { name: a, namespaces: [y], classes: [scale] }\n',
        ),
      }),
    );
    expect(dup.message).toContain('policy.trusted: trusted rule names must be unique');
  });
});

describe('slackCredentials', () => {
  it('is off without any Slack variable, and picks Socket Mode when an app token is set', () => {
    expect(slackCredentials({}, 'auto')).toBeUndefined();
    expect(
      slackCredentials(
        { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef' },
        'auto',
      ),
    ).toEqual({ mode: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1' });
    expect(
      slackCredentials({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef' }, 'auto'),
    ).toEqual({ mode: 'http', botToken: 'xoxb-1', signingSecret: 'abcdef0123456789abcdef' });
  });

  it.each([
    [
      { SLACK_APP_TOKEN: 'xapp-1' },
      'auto',
      'slack: SLACK_BOT_TOKEN is not set; Slack needs the bot token (xoxb-…) from OAuth & Permissions.',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxp-user' },
      'auto',
      'slack: SLACK_BOT_TOKEN does not look like a bot token; it starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1' },
      'auto',
      'slack: set SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) next to SLACK_BOT_TOKEN.',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      'auto',
      'slack: SLACK_APP_TOKEN does not look like an app-level token; it starts with xapp- (Basic Information → App-Level Tokens).',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
      'http',
      'slack: HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'short' },
      'auto',
      'slack: SLACK_SIGNING_SECRET does not look like a signing secret',
    ],
  ] as const)('refuses %j in %s mode with one sentence', (env, mode, message) => {
    const err = errorOf(() => slackCredentials(env, mode));

    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(message);
  });
});
