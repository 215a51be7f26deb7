import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

describe('the fixer section', () => {
  it('has the documented defaults', () => {
    const { fixer } = loadConfig({});

    expect(fixer).toEqual({
      planner: 'auto',
      timeoutSeconds: 180,
      maxTurns: 20,
      maxBudgetUsd: 1,
      apiRetries: 2,
      concurrency: 2,
      retry: { maxAttempts: 3, backoffSeconds: 300 },
      runbooks: { oomMemoryFactor: 2, oomMemoryCap: '4Gi' },
      verifyWindowSeconds: 120,
      proposalExpiryMinutes: 60,
      maxRevisions: 3,
      incidentBudgetUsd: 5,
      answers: { perUserPerHour: 10, perIncidentPerHour: 20 },
      envelope: {
        resources: { maxFactor: 4, maxMemory: '16Gi', maxCpu: '8' },
        exec: [
          ['nginx', '-s', 'reload'],
          ['nginx', '-t'],
          ['kill', '-HUP', '1'],
          ['kill', '-s', 'HUP', '1'],
          ['apachectl', 'graceful'],
          ['apachectl', '-k', 'graceful'],
        ],
        configFiles: {
          paths: ['/**'],
          extensions: ['.yaml', '.yml', '.json', '.toml', '.ini', '.conf', '.cfg', '.cnf', '.properties', '.xml'],
        },
      },
    });
  });

  it('reads every fixer env key', () => {
    const { fixer } = loadConfig({
      CLOPUS_PLANNER: 'runbooks',
      CLOPUS_CLAUDE_MODEL: 'claude-sonnet-4-5',
      CLOPUS_CLAUDE_CREDENTIALS_FILE: '/var/run/claude/.credentials.json',
      CLOPUS_CLAUDE_TIMEOUT_SECONDS: '90',
      CLOPUS_CLAUDE_MAX_TURNS: '8',
      CLOPUS_CLAUDE_MAX_BUDGET_USD: '0.25',
      CLOPUS_CLAUDE_API_RETRIES: '0',
      CLOPUS_DIAGNOSIS_CONCURRENCY: '4',
      CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '2',
      CLOPUS_DIAGNOSIS_RETRY_BACKOFF_SECONDS: '60',
      CLOPUS_OOM_MEMORY_FACTOR: '1.5',
      CLOPUS_OOM_MEMORY_CAP: '8Gi',
      CLOPUS_VERIFY_WINDOW_SECONDS: '300',
      CLOPUS_PROPOSAL_EXPIRY_MINUTES: '15',
      CLOPUS_MAX_REVISIONS: '5',
      CLOPUS_INCIDENT_BUDGET_USD: '2.5',
      CLOPUS_SESSIONS_DIR: '/var/lib/clopus/claude-sessions',
      CLOPUS_ANSWERS_PER_USER_PER_HOUR: '4',
      CLOPUS_ANSWERS_PER_INCIDENT_PER_HOUR: '6',
    });

    expect(fixer).toEqual({
      planner: 'runbooks',
      model: 'claude-sonnet-4-5',
      credentialsFile: '/var/run/claude/.credentials.json',
      timeoutSeconds: 90,
      maxTurns: 8,
      maxBudgetUsd: 0.25,
      apiRetries: 0,
      concurrency: 4,
      retry: { maxAttempts: 2, backoffSeconds: 60 },
      runbooks: { oomMemoryFactor: 1.5, oomMemoryCap: '8Gi' },
      verifyWindowSeconds: 300,
      proposalExpiryMinutes: 15,
      maxRevisions: 5,
      incidentBudgetUsd: 2.5,
      sessionsDir: '/var/lib/clopus/claude-sessions',
      answers: { perUserPerHour: 4, perIncidentPerHour: 6 },
      envelope: expect.any(Object),
    });
  });

  it('names each bad fixer key with its env var', () => {
    let caught: unknown;
    try {
      loadConfig({
        CLOPUS_PLANNER: 'gpt',
        CLOPUS_OOM_MEMORY_CAP: 'lots',
        CLOPUS_CLAUDE_MAX_BUDGET_USD: '-1',
        CLOPUS_OOM_MEMORY_FACTOR: '1',
      });
    } catch (err) {
      caught = err;
    }

    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 });
    const text = (caught as Error).message;
    expect(text).toContain('fixer.planner (from CLOPUS_PLANNER)');
    expect(text).toContain('fixer.runbooks.oomMemoryCap (from CLOPUS_OOM_MEMORY_CAP): expected a memory quantity');
    expect(text).toContain('fixer.maxBudgetUsd (from CLOPUS_CLAUDE_MAX_BUDGET_USD)');
    expect(text).toContain('fixer.runbooks.oomMemoryFactor (from CLOPUS_OOM_MEMORY_FACTOR)');
  });

  it('names a bad revision, budget or answer limit with its env var', () => {
    let caught: unknown;
    try {
      loadConfig({
        CLOPUS_MAX_REVISIONS: 'many',
        CLOPUS_INCIDENT_BUDGET_USD: '0',
        CLOPUS_ANSWERS_PER_USER_PER_HOUR: '0',
        CLOPUS_ANSWERS_PER_INCIDENT_PER_HOUR: '-2',
      });
    } catch (err) {
      caught = err;
    }

    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 });
    const text = (caught as Error).message;
    expect(text).toContain('fixer.maxRevisions (from CLOPUS_MAX_REVISIONS)');
    expect(text).toContain('fixer.incidentBudgetUsd (from CLOPUS_INCIDENT_BUDGET_USD)');
    expect(text).toContain('fixer.answers.perUserPerHour (from CLOPUS_ANSWERS_PER_USER_PER_HOUR)');
    expect(text).toContain('fixer.answers.perIncidentPerHour (from CLOPUS_ANSWERS_PER_INCIDENT_PER_HOUR)');
  });

  it('reads the revision and answer limits from the file, and lets 0 turn revisions off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clopus-revisions-'));
    const file = join(dir, 'clopus.yaml');
    writeFileSync(
      file,
      'fixer:\n  maxRevisions: 0\n  incidentBudgetUsd: 12\n  sessionsDir: /data/sessions\n  answers: { perUserPerHour: 3 }\n',
    );

    const { fixer } = loadConfig({ CLOPUS_CONFIG: file });

    expect(fixer).toMatchObject({
      maxRevisions: 0,
      incidentBudgetUsd: 12,
      sessionsDir: '/data/sessions',
      answers: { perUserPerHour: 3, perIncidentPerHour: 20 },
    });
  });

  it('never takes model credentials into the parsed config', () => {
    const config = loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-api03-secret-0000', CLAUDE_CODE_USE_BEDROCK: '1' });

    expect(JSON.stringify(config)).not.toContain('sk-ant');
    expect(JSON.stringify(config)).not.toMatch(/bedrock/i);
  });

  it("reads the envelope's bounds from the file and names a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'clopus-envelope-'));
    const file = join(dir, 'clopus.yaml');
    writeFileSync(
      file,
      'fixer:\n  envelope:\n    resources: { maxFactor: 2, maxMemory: 8Gi }\n    exec: [[supervisorctl, restart, "*"]]\n    configFiles: { paths: ["/etc/app/**"] }\n',
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'fixer:\n  envelope:\n    resources: { maxMemory: lots }\n    configFiles: { paths: [etc] }\n    execs: []\n',
    );

    const { fixer } = loadConfig({ CLOPUS_CONFIG: file });
    let caught: unknown;
    try {
      loadConfig({ CLOPUS_CONFIG: bad });
    } catch (err) {
      caught = err;
    }

    expect(fixer.envelope).toMatchObject({
      resources: { maxFactor: 2, maxMemory: '8Gi', maxCpu: '8' },
      exec: [['supervisorctl', 'restart', '*']],
      configFiles: { paths: ['/etc/app/**'], extensions: expect.arrayContaining(['.yaml']) },
    });
    const message = (caught as Error).message;
    expect(message).toContain('fixer.envelope.resources.maxMemory: expected a memory quantity');
    expect(message).toContain('fixer.envelope.configFiles.paths.0: expected an absolute path glob');
    expect(message).toMatch(/fixer\.envelope.*execs/);
  });
});
