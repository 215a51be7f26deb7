// The loop from a terminal: serve files and diagnoses an OOMKilled Deployment, `clopus approve` applies the runbook's
// patch, the sandbox rolls it out, and the fix is verified; reject and rollback the same way. An approval is bound
// to the proposal the person saw: confirmed on a terminal, or named with --proposal P --yes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IncidentState } from '../../src/core/index.js';
import { autoRollout, deployment, oomKilled, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
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
  env = {
    CLOPUS_DB_PATH: join(dir, 'clopus.db'),
    CLOPUS_LOG_LEVEL: 'silent',
    CLOPUS_VERIFY_WINDOW_SECONDS: '1',
    KUBECONFIG: kubeconfig,
    CLOPUS_DASHBOARD_PORT: '0',
  };
  const { pods } = deployment(sandbox.cluster, {
    namespace: 'shop',
    name: 'cache',
    replicas: 2,
    containers: [
      { name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } },
    ],
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

function withDb<T>(use: (store: Store) => T): T {
  const store = openStore(env.CLOPUS_DB_PATH!);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

/** `clopus approve …` with a person at a terminal who answers `answer` (or closes stdin). */
async function onTerminal(
  argv: string[],
  answer: string | undefined,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdin = Readable.from(answer === undefined ? [] : [answer]);
  Object.assign(stdin, { isTTY: true });
  const code = await main(argv, { stdout, stderr, stdin, env });
  return { code, stdout: out, stderr: err };
}

/** A re-diagnosis: a second proposal for incident 1 replaces the first one, which serve made. */
function replaceProposal(): number {
  return withDb((store) => {
    const first = store.latestProposal(1)!;
    return store.saveProposal({
      incidentId: 1,
      diagnosisId: null,
      summary: first.summary,
      actions: first.actions,
      diff: `${first.diff}\n`,
    }).id;
  });
}

/** Runs `clopus serve` until `done` holds for incident 1. */
async function serveUntil(done: (state: IncidentState | undefined) => boolean): Promise<void> {
  const stop = new AbortController();
  const serving = runCli(['serve'], { env, signal: stop.signal });
  try {
    await waitFor(() => done(stateOf(1)), {
      timeoutMs: 30_000,
      what: `incident 1 to reach ${String(done)}`,
      detail: () => `incident 1 is ${stateOf(1)}`,
    });
  } finally {
    stop.abort();
  }
  expect((await serving).code).toBe(0);
}

const limit = () =>
  (sandbox.cluster.get('Deployment', 'shop', 'cache')?.spec as any).template.spec.containers[0].resources.limits.memory;

describe('clopus approve', () => {
  it('applies the runbook proposal serve made, waits for the rollout to be verified, and show tells the story', async () => {
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));
    await serveUntil((s) => s === 'proposed');

    const approved = await runCli(['approve', '1', '--proposal', '1', '--yes', '--wait'], { env });
    const again = await runCli(['approve', '1'], { env });
    const show = await runCli(['show', '1'], { env });

    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe(
      [
        `Approved by ${actor} and applied to deployment/cache in namespace shop: patched deployment/cache. Verified: deployment/cache in namespace shop: 2 pods Ready with no new restarts for 1 s after the fix.`,
        '  1. patch_workload  applied  patched deployment/cache',
        'Next: Nothing to do; the incident is closed.',
        '',
      ].join('\n'),
    );
    expect(limit()).toBe('128Mi');
    expect(stateOf(1)).toBe('verified');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      new RegExp(`^Incident 1 was already approved by ${actor} at \\S+ \\(via cli\\); it is now verified\\.\\n`),
    );
    expect(show.stdout).toMatch(/^Proposal 1 \(applied, made \S+ \S+ UTC by the runbook planner\):$/m);
    expect(show.stdout).toContain(
      '  Root cause: Container "cache" was OOMKilled: it needed more memory than its 64Mi limit.',
    );
    expect(show.stdout).toContain('  Confidence: medium   Risk: low');
    expect(show.stdout).toContain(
      "    1. patch_workload deployment/cache: Raise cache's memory limit from 64Mi to 128Mi (x2), and its request with it",
    );
    expect(show.stdout).toMatch(/^ {4}\+\s+memory: 128Mi$/m);
    expect(show.stdout).toMatch(new RegExp(`Decisions:\\n  \\S+ \\S+ UTC  approve by ${actor} via cli`));
    expect(show.stdout).toMatch(
      /Applied actions \(proposal 1\):\n  1\. patch_workload  done  \S+ \S+ UTC  patched deployment\/cache/,
    );
    expect(show.stdout).toMatch(
      /Diagnoses:\n  #1 runbook  proposed  \S+ \S+ UTC  model -, 0 turns, 0 in \/ 0 out tokens, \$0\.0000, \d+\.\d s/,
    );
    expect(show.stdout).toMatch(/fixer\s+applied → verified\n/);
  });

  it('without --wait leaves verification to serve, which resumes it on start', async () => {
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));
    await serveUntil((s) => s === 'proposed');

    const approved = await runCli(['approve', '1', '--proposal', '1', '--yes'], { env });
    const applied = stateOf(1);
    await serveUntil((s) => s === 'verified');

    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(
      `Next: A running clopus serve verifies it over its verify window and records verified or regressed; follow it with: CLOPUS_DB_PATH=${env.CLOPUS_DB_PATH} clopus show 1`,
    );
    expect(applied).toBe('applied');
    expect(stateOf(1)).toBe('verified');
  });

  it('on a terminal, shows the proposal as stored and applies it only when the person answers y', async () => {
    await serveUntil((s) => s === 'proposed');
    const diff = withDb((store) => store.latestProposal(1)!.diff);

    const declined = await onTerminal(['approve', '1'], 'n\n');
    const closed = await onTerminal(['approve', '1'], undefined);
    const limitBefore = limit();
    const accepted = await onTerminal(['approve', '1'], 'y\n');

    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('Proposal 1 for incident 1 (deployment/cache in namespace shop), made ');
    expect(declined.stdout).toContain(
      diff
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    expect(declined.stdout).toContain(
      'Apply proposal 1 to deployment/cache in namespace shop? [y/N] Not approved: you did not confirm. Nothing was changed.',
    );
    expect(closed.code).toBe(1);
    expect(closed.stdout).toContain('Not approved: you did not confirm.');
    expect(limitBefore).toBe('64Mi');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(
      new RegExp(
        `Apply proposal 1 to deployment/cache in namespace shop\\? \\[y/N\\] Approved by ${actor} and applied to deployment/cache`,
      ),
    );
    expect(limit()).toBe('128Mi');
    expect(withDb((store) => store.listDecisions(1))).toEqual([
      expect.objectContaining({ decision: 'approve', via: 'cli', actor }),
    ]);
  });

  it('without a terminal and without --yes, refuses in one sentence that says to pass --proposal P --yes', async () => {
    await serveUntil((s) => s === 'proposed');

    const run = await runCli(['approve', '1'], { env });
    const yesAlone = await runCli(['approve', '1', '--yes'], { env });

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `clopus: there is no terminal to confirm on, so nothing was applied; to approve proposal 1 without asking, run CLOPUS_DB_PATH=${env.CLOPUS_DB_PATH} clopus approve 1 --proposal 1 --yes\n`,
    });
    expect(yesAlone.code).toBe(2);
    expect(yesAlone.stderr).toMatch(
      /^clopus: --yes needs --proposal P, the proposal you reviewed \(clopus show 1 prints its ID\)\nusage: clopus approve ID/,
    );
    expect(limit()).toBe('64Mi');
    expect(stateOf(1)).toBe('proposed');
  });

  it('refuses --proposal P when a newer proposal replaced P, with --yes or on a terminal, and applies nothing', async () => {
    await serveUntil((s) => s === 'proposed');
    const second = replaceProposal();

    const scripted = await runCli(['approve', '1', '--proposal', '1', '--yes'], { env });
    const asked = await onTerminal(['approve', '1', '--proposal', '1'], 'y\n');
    const rejected = await runCli(['reject', '1', '--proposal', '1'], { env });

    const inDb = `CLOPUS_DB_PATH=${env.CLOPUS_DB_PATH} `;
    for (const run of [scripted, asked]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        `Not approved: a newer proposal replaced the one you saw (you saw proposal 1; incident 1's proposal is now ${second}). Nothing was changed; review proposal ${second} and decide on it.\nNext: Review it with: ${inDb}clopus show 1; then ${inDb}clopus approve 1 or ${inDb}clopus reject 1\n`,
      );
    }
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/^Not rejected: a newer proposal replaced the one you saw/);
    expect(limit()).toBe('64Mi');
    expect(stateOf(1)).toBe('proposed');
    expect(withDb((store) => [store.listDecisions(1), store.listDecisions(second)])).toEqual([[], []]);
  });

  it.each([
    [['approve'], 2, /clopus approve needs one incident ID/],
    [['approve', '1', '--proposal', 'latest'], 2, /^clopus: --proposal takes a proposal ID/],
    [['approve', '999'], 2, /^clopus: no database at \S+clopus\.db; set CLOPUS_DB_PATH or run clopus serve\n$/],
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

    const rejected = await runCli(['reject', '1', '--reason', 'the cache is being replaced'], {
      env: { ...env, KUBECONFIG: join(dir, 'missing') },
    });
    const show = await runCli(['show', '1'], { env });

    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toBe(
      `Rejected by ${actor} (the cache is being replaced): nothing will be applied to deployment/cache in namespace shop.\nNext: Fix the workload by hand; the incident resolves when it recovers.\n`,
    );
    expect(show.stdout).toMatch(new RegExp(`reject by ${actor} via cli: the cache is being replaced`));
    expect(limit()).toBe('64Mi');
  });

  it('rolls back a fix that regressed, restoring the previous memory limit', async () => {
    // No rollout: the patched Deployment never takes effect, so verification finds a regression.
    await serveUntil((s) => s === 'proposed');
    const approved = await runCli(['approve', '1', '--proposal', '1', '--yes', '--wait'], { env });

    const rolled = await runCli(['rollback', '1'], { env });

    expect(approved.code).toBe(1);
    expect(approved.stdout).toMatch(
      /Regressed: the fix did not make deployment\/cache in namespace shop healthy within 1 s: /,
    );
    expect(approved.stdout).toContain(
      `Next: Roll it back with: CLOPUS_DB_PATH=${env.CLOPUS_DB_PATH} clopus rollback 1`,
    );
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain(
      `Rolled back by ${actor} on deployment/cache in namespace shop: restored the previous spec.template of deployment/cache.`,
    );
    expect(limit()).toBe('64Mi');
    expect(stateOf(1)).toBe('rolled_back');
  });
});
