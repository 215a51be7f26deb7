// The loop from a terminal: serve files and diagnoses an OOMKilled Deployment, `clopus approve` applies the runbook's
// patch, the sandbox rolls it out, and the fix is verified; reject and rollback the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autoRollout, deployment, oomKilled, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openStore, type IncidentState } from '../../src/store/index.js';
import { waitFor } from '../helpers/wait.js';
import { runCli } from './run.js';

const actor = `cli:${userInfo().username}`;
let sandbox: Sandbox;
let dir: string;
let kubeconfig: string;
let env: Record<string, string>;
const stops: Array<() => void> = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'clopus-cli-decide-'));
  kubeconfig = join(dir, 'kubeconfig');
  sandbox.writeKubeconfig(kubeconfig);
  env = { CLOPUS_DB_PATH: join(dir, 'clopus.db'), CLOPUS_LOG_LEVEL: 'silent', CLOPUS_VERIFY_WINDOW_SECONDS: '1', KUBECONFIG: kubeconfig, CLOPUS_DASHBOARD_PORT: '0' };
  const { pods } = deployment(sandbox.cluster, {
    namespace: 'shop', name: 'cache', replicas: 2,
    containers: [{ name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } }],
  });
  for (const p of pods) oomKilled(sandbox.cluster, 'shop', p.metadata.name, { restarts: 3 });
});

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

function stateOf(id: number): IncidentState | undefined {
  const store = openStore(env.CLOPUS_DB_PATH!);
  try {
    return store.getIncident(id)?.state;
  } finally {
    store.close();
  }
}

/** Runs `clopus serve` until `done` holds for incident 1. */
async function serveUntil(done: (state: IncidentState | undefined) => boolean): Promise<void> {
  const stop = new AbortController();
  const serving = runCli(['serve'], { env, signal: stop.signal });
  await waitFor(() => done(stateOf(1)));
  stop.abort();
  expect((await serving).code).toBe(0);
}

const limit = () => (sandbox.cluster.get('Deployment', 'shop', 'cache')?.spec as any).template.spec.containers[0].resources.limits.memory;

describe('clopus approve', () => {
  it('applies the runbook proposal serve made, waits for the rollout to be verified, and show tells the story', async () => {
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));
    await serveUntil((s) => s === 'proposed');

    const approved = await runCli(['approve', '1', '--wait'], { env });
    const again = await runCli(['approve', '1'], { env });
    const show = await runCli(['show', '1'], { env });

    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe([
      `Approved by ${actor} and applied to deployment/cache in namespace shop: patched deployment/cache. Verified: deployment/cache in namespace shop: 2 pods Ready with no new restarts for 1 s after the fix.`,
      '  1. patch_workload  applied  patched deployment/cache',
      'Next: Nothing to do; the incident is closed.',
      '',
    ].join('\n'));
    expect(limit()).toBe('128Mi');
    expect(stateOf(1)).toBe('verified');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(new RegExp(`^Incident 1 was already approved by ${actor} at \\S+ \\(via cli\\); it is now verified\\.\\n`));
    expect(show.stdout).toMatch(/^Proposal 1 \(applied, made \S+ by the runbook planner\):$/m);
    expect(show.stdout).toContain('  Root cause: Container "cache" was OOMKilled: it needed more memory than its 64Mi limit.');
    expect(show.stdout).toContain('  Confidence: medium   Risk: low');
    expect(show.stdout).toContain("    1. patch_workload deployment/cache: Raise cache's memory limit from 64Mi to 128Mi (x2), and its request with it");
    expect(show.stdout).toMatch(/^ {4}\+\s+memory: 128Mi$/m);
    expect(show.stdout).toMatch(new RegExp(`Decisions:\\n  \\S+  approve by ${actor} via cli`));
    expect(show.stdout).toMatch(/Applied actions \(proposal 1\):\n  1\. patch_workload  done  \S+  patched deployment\/cache/);
    expect(show.stdout).toMatch(/Diagnoses:\n  #1 runbook  proposed  \S+  model -, 0 turns, 0 in \/ 0 out tokens, \$0\.0000, \d+\.\d s/);
    expect(show.stdout).toMatch(/fixer\s+applied → verified\s+verified/);
  });

  it('without --wait leaves verification to serve, which resumes it on start', async () => {
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));
    await serveUntil((s) => s === 'proposed');

    const approved = await runCli(['approve', '1'], { env });
    const applied = stateOf(1);
    await serveUntil((s) => s === 'verified');

    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Next: A running clopus serve verifies it over its verify window and records verified or regressed; follow it with: clopus show 1');
    expect(applied).toBe('applied');
    expect(stateOf(1)).toBe('verified');
  });

  it.each([
    [['approve'], 2, /clopus approve needs one incident ID/],
    [['approve', '999'], 1, /^Incident 999 does not exist\.\nNext: List incidents with: clopus incidents\n$/],
    [['rollback', 'x'], 2, /clopus rollback needs one incident ID/],
  ])('clopus %j fails with a clear message', async (argv, code, message) => {
    const run = await runCli(argv, { env });

    expect(run.code).toBe(code);
    expect(run.code === 2 ? run.stderr : run.stdout + run.stderr).toMatch(message);
  });
});

describe('clopus reject and rollback', () => {
  it('rejects with a reason, needing no cluster, and applies nothing', async () => {
    await serveUntil((s) => s === 'proposed');

    const rejected = await runCli(['reject', '1', '--reason', 'the cache is being replaced'], { env: { ...env, KUBECONFIG: join(dir, 'missing') } });
    const show = await runCli(['show', '1'], { env });

    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toBe(`Rejected by ${actor} (the cache is being replaced): nothing will be applied to deployment/cache in namespace shop.\nNext: Fix the workload by hand; the incident resolves when it recovers.\n`);
    expect(show.stdout).toMatch(new RegExp(`reject by ${actor} via cli: the cache is being replaced`));
    expect(limit()).toBe('64Mi');
  });

  it('rolls back a fix that regressed, restoring the previous memory limit', async () => {
    // No rollout: the patched Deployment never takes effect, so verification finds a regression.
    await serveUntil((s) => s === 'proposed');
    const approved = await runCli(['approve', '1', '--wait'], { env });

    const rolled = await runCli(['rollback', '1'], { env });

    expect(approved.code).toBe(1);
    expect(approved.stdout).toMatch(/Regressed: the fix did not make deployment\/cache in namespace shop healthy within 1 s: /);
    expect(approved.stdout).toContain('Next: Roll it back with: clopus rollback 1');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain(`Rolled back by ${actor} on deployment/cache in namespace shop: restored the previous spec.template of deployment/cache.`);
    expect(limit()).toBe('64Mi');
    expect(stateOf(1)).toBe('rolled_back');
  });
});
