import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, namespaceMatcher } from '../../src/config/index.js';

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'clopus-config-'));
  const file = join(dir, 'clopus.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('gives documented defaults with no file and no env', () => {
    const config = loadConfig({});

    expect(config.rescanSchedule).toBe('*/5 * * * *');
    expect(config.namespaces.include).toBe('all');
    expect(config.detector.resolveGraceSeconds).toBe(120);
    expect(config.databasePath).toBe('clopus.db');
  });

  it('reads the YAML file and lets the env win', () => {
    const file = yamlFile(
      'cluster: prod-eu\nnamespaces:\n  include: ["team-*", payments]\ndetector:\n  resolveGraceSeconds: 30\n',
    );

    const config = loadConfig({ CLOPUS_CONFIG: file, CLOPUS_RESOLVE_GRACE_SECONDS: '45' });

    expect(config.cluster).toBe('prod-eu');
    expect(config.namespaces.include).toEqual(['team-*', 'payments']);
    expect(config.detector.resolveGraceSeconds).toBe(45);
  });

  it('names every bad key, one line each, with exit code 2', () => {
    const file = yamlFile('rescanSchedule: every five minutes\ndetector:\n  resolveGraceSecs: 3\n');

    let caught: unknown;
    try {
      loadConfig({ CLOPUS_CONFIG: file, CLOPUS_RAPID_RESTART_COUNT: 'lots' });
    } catch (err) {
      caught = err;
    }

    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 });
    const lines = (caught as Error).message.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('rescanSchedule: expected a cron expression');
    expect(lines.join('\n')).toContain('resolveGraceSecs: unknown key');
    expect(lines.join('\n')).toContain('detector.rapidRestartCount (from CLOPUS_RAPID_RESTART_COUNT)');
  });

  it('refuses a file that is not YAML with a one-line reason', () => {
    const file = yamlFile('cluster: [unclosed\n');

    expect(() => loadConfig({ CLOPUS_CONFIG: file })).toThrow(/is not valid YAML/);
  });

  it('reports a missing file by name', () => {
    expect(() => loadConfig({ CLOPUS_CONFIG: '/nonexistent/clopus.yaml' })).toThrow(
      /cannot read \/nonexistent\/clopus.yaml: ENOENT/,
    );
  });
});

describe('namespaceMatcher', () => {
  it.each([
    [{ include: 'all' as const, exclude: ['kube-*'] }, 'default', true],
    [{ include: 'all' as const, exclude: ['kube-*'] }, 'kube-system', false],
    [{ include: ['team-*'], exclude: [] }, 'team-a', true],
    [{ include: ['team-*'], exclude: [] }, 'payments', false],
    [{ include: ['team-*'], exclude: ['team-b'] }, 'team-b', false],
  ])('%j matches %s → %s', (ns, name, expected) => {
    expect(namespaceMatcher(ns)(name)).toBe(expected);
  });

  it('lists exact names only when there are no globs', () => {
    expect(namespaceMatcher({ include: ['a', 'b'], exclude: ['b'] }).exact).toEqual(['a']);
    expect(namespaceMatcher({ include: ['a-*'], exclude: [] }).exact).toBeNull();
    expect(namespaceMatcher({ include: 'all', exclude: [] }).exact).toBeNull();
  });
});
