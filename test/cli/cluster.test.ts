import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashLoop, deployment, imagePullBackOff, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore } from '../../src/store/index.js';
import { waitFor } from '../helpers/wait.js';
import { runCli } from './run.js';

let sandbox: Sandbox;
let dir: string;
let kubeconfig: string;

beforeEach(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'clopus-cli-'));
  kubeconfig = join(dir, 'kubeconfig');
  sandbox.writeKubeconfig(kubeconfig);
  const api = deployment(sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 2 });
  for (const p of api.pods)
    crashLoop(sandbox.cluster, 'shop', p.metadata.name, {
      restarts: 4,
      logs: { previous: 'panic: nil map\nTOKEN=abc123secretvalue' },
    });
  const web = deployment(sandbox.cluster, { namespace: 'web', name: 'frontend', replicas: 1 });
  imagePullBackOff(sandbox.cluster, 'web', web.pods[0]!.metadata.name, { image: 'example/frontend:does-not-exist' });
  deployment(sandbox.cluster, { namespace: 'web', name: 'healthy', replicas: 2 });
});

afterEach(async () => {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('clopus scan', () => {
  it('prints one JSON object per finding with namespace, pod, container, reason, message and workload', async () => {
    const run = await runCli(['scan', '--kubeconfig', kubeconfig, '--output', 'json']);

    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout) as Array<Record<string, string>>;
    expect(findings).toHaveLength(3);
    expect(findings.map((f) => `${f.namespace} ${f.workload} ${f.container} ${f.reason}`).sort()).toEqual([
      'shop deployment/api api CrashLoopBackOff',
      'shop deployment/api api CrashLoopBackOff',
      'web deployment/frontend frontend ImagePullBackOff',
    ]);
    for (const f of findings)
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['namespace', 'pod', 'container', 'reason', 'message', 'workload']),
      );
  });

  it('limits the scan to the namespaces named', async () => {
    const run = await runCli(['scan', '--kubeconfig', kubeconfig, '-n', 'web']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/web\s+deployment\/frontend\s+frontend-\S+\s+frontend\s+ImagePullBackOff/);
    expect(run.stdout).not.toContain('shop');
    expect(run.stdout).toContain('3 pods scanned, 1 findings');
  });

  it('says what to do when the cluster-wide list is forbidden', async () => {
    sandbox.faults.forbidClusterWide = true;

    const run = await runCli(['scan', '--kubeconfig', kubeconfig]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('forbidden by RBAC (403)');
    expect(run.stderr).toContain('clopus scan --namespace NS');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says when the API server cannot be reached', async () => {
    await sandbox.stop();

    const run = await runCli(['scan', '--kubeconfig', kubeconfig]);
    sandbox = await startSandbox();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach the API server');
  });
});

describe('clopus serve, incidents and show', () => {
  it('records and diagnoses incidents while serving, then lists and shows them from the database', async () => {
    const db = join(dir, 'clopus.db');
    const env = { CLOPUS_DB_PATH: db, CLOPUS_LOG_LEVEL: 'silent', CLOPUS_DASHBOARD_PORT: '0' };
    const stop = new AbortController();

    const serving = runCli(['serve', '--kubeconfig', kubeconfig], { env, signal: stop.signal });
    const store = openStore(db);
    try {
      // No model credentials and no runbook for either reason: both are diagnosed as no_fix, with the reason.
      await waitFor(
        () =>
          store.listIncidents({ state: 'no_fix', limit: 10, offset: 0 }).total === 2 &&
          store.latestEvidence(1) !== undefined,
        { timeoutMs: 30_000, what: 'both incidents no_fix, with evidence' },
      );
    } finally {
      store.close();
      stop.abort();
    }
    const served = await serving;
    const list = await runCli(['incidents'], { env });
    const json = await runCli(['incidents', '--state', 'no_fix', '-o', 'json'], { env });
    const api = (JSON.parse(json.stdout) as Array<{ id: number; workloadName: string }>).find(
      (i) => i.workloadName === 'api',
    )!;
    const show = await runCli(['show', String(api.id)], { env });

    expect(served.code).toBe(0);
    expect(served.stderr).toContain('watching 5 pods in all namespaces');
    expect(served.stderr).toMatch(/dashboard on http:\/\/127\.0\.0\.1:\d+/);
    expect(list.stdout).toMatch(/ID\s+STATE\s+NAMESPACE\s+WORKLOAD\s+REASON/);
    expect(list.stdout).toMatch(/no_fix\s+shop\s+deployment\/api\s+CrashLoopBackOff\s+2\s+8/);
    expect(list.stdout).toMatch(/no_fix\s+web\s+deployment\/frontend\s+ImagePullBackOff/);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('CrashLoopBackOff in deployment/api (namespace shop');
    expect(show.stdout).toContain('panic: nil map');
    expect(show.stdout).not.toContain('abc123secretvalue');
    expect(show.stdout).toMatch(/detector\s+- → open\s+detected/);
    expect(show.stdout).toMatch(
      /Diagnoses:\n  #1 runbook  no_fix  \S+ \S+ UTC  model -, 0 turns, 0 in \/ 0 out tokens, \$0\.0000, \d+\.\d s\n     No runbook applies to CrashLoopBackOff\./,
    );
  });

  it.each([
    [['show'], /needs one incident ID/],
    [['show', 'abc'], /needs one incident ID/],
    [['show', '999'], /no database at .*clopus\.db; set CLOPUS_DB_PATH or run clopus serve/],
    [['incidents', '--state', 'broken'], /unknown state "broken"/],
    [['incidents', '--limit', '0'], /--limit must be a whole number/],
  ])('clopus %j fails with a clear message', async (argv, message) => {
    const run = await runCli(argv, { env: { CLOPUS_DB_PATH: join(dir, 'clopus.db') } });

    expect(run.code).toBeGreaterThan(0);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a bad configuration with exit code 2 and one line per key', async () => {
    const run = await runCli(['incidents'], {
      env: { CLOPUS_RESCAN_SCHEDULE: 'sometimes', CLOPUS_RESOLVE_GRACE_SECONDS: '-5' },
    });

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(3);
    expect(run.stderr).toContain('rescanSchedule (from CLOPUS_RESCAN_SCHEDULE): expected a cron expression');
    expect(run.stderr).toContain('detector.resolveGraceSeconds (from CLOPUS_RESOLVE_GRACE_SECONDS)');
  });
});
