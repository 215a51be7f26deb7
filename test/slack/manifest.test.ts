// manifest.yml against Slack's own manifest JSON schema, and against what the code needs from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';

const root = join(import.meta.dirname, '..', '..');
// Slack's official manifest schema (slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json), kept in the repo so
// the test does not depend on files outside the checkout.
const SCHEMA = join(root, 'test', 'fixtures', 'slack-app-manifest.schema.1.0.0.json');

describe('manifest.yml', () => {
  const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));

  it("is valid against Slack's app manifest schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is for Socket Mode, with interactivity, the slash command the bot listens for, and the scopes it uses', () => {
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      loadConfig({}).slack.command,
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['chat:write', 'commands', 'usergroups:read', 'channels:history', 'groups:history']),
    );
  });

  it('asks for exactly the scopes and events the listeners use, each said why', () => {
    const text = readFileSync(join(root, 'manifest.yml'), 'utf8');

    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'channels:history',
        'chat:write',
        'chat:write.public',
        'commands',
        'groups:history',
        'im:history',
        'usergroups:read',
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions).toEqual({
      bot_events: ['app_mention', 'message.im', 'app_home_opened'],
    });
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    for (const name of ['app_mentions:read', 'im:history', 'app_mention', 'message.im', 'app_home_opened'])
      expect(text, `a comment above ${name}`).toMatch(new RegExp(`#[^\\n]*\\n\\s*- ${name.replace('.', '\\.')}\\n`));
  });

  it('says what changes for HTTP mode', () => {
    const text = readFileSync(join(root, 'manifest.yml'), 'utf8');

    expect(text).toMatch(/# For HTTP mode instead:/);
    expect(text).toContain('/slack/events');
    expect(text).toContain('SLACK_SIGNING_SECRET');
  });
});
