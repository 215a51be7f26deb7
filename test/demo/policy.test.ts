// The demo left running, as a newcomer uses it: the commands it prints run as pasted (the package's bin, its
// database, cluster and verify window), `approve --wait` comes back as soon as the demo has recorded the verdict,
// and a recurrence in the trusted namespace goes through the auto-approve policy again, as in `clopus serve`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { waitAfterStartup, waitFor } from '../helpers/wait.js';

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'clopus.js');
const env = {
  CLOPUS_LOG_LEVEL: 'silent',
  CLOPUS_DASHBOARD_PORT: '0',
  ANTHROPIC_API_KEY: '',
  ANTHROPIC_AUTH_TOKEN: '',
  CLAUDE_CODE_OAUTH_TOKEN: '',
  CLOPUS_CLAUDE_CREDENTIALS_FILE: '',
};
const APPROVE =
  /^ {6}(CLOPUS_DB_PATH=(\S+) KUBECONFIG=(\S+) CLOPUS_VERIFY_WINDOW_SECONDS=(\d+) (\S+) approve (\d+) --proposal (\d+) --wait)$/m;

let demo: ResultPromise;
let out = '';
let home: string;
/** What any printed approve command names: the demo's database and kubeconfig, an incident and its proposal. */
let names: { db: string; kubeconfig: string; id: number; proposal: number };

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'clopus-demo-kubectl-'));
  demo = execa(process.execPath, ['--import', 'tsx', 'src/demo/index.ts'], { reject: false, all: true, env });
  demo.all!.on('data', (d: Buffer) => (out += d.toString()));
  await waitAfterStartup(
    () => out.length > 0,
    () => out.includes('press Ctrl-C to stop'),
    { timeoutMs: 60_000, intervalMs: 100, what: 'the demo watching' },
  );
  const [, db, kubeconfig] = /CLOPUS_DB_PATH=(\S+) KUBECONFIG=(\S+)/.exec(out) ?? [];
  const [, id, proposal] = /approve (\d+) --proposal (\d+)/.exec(out) ?? [];
  names = { db: db!, kubeconfig: kubeconfig!, id: Number(id), proposal: Number(proposal) };
}, 240_000);

afterAll(async () => {
  demo?.kill('SIGTERM');
  await demo;
  rmSync(home, { recursive: true, force: true });
});

const stateOf = (id: number) => {
  const store = openStore(names.db);
  try {
    return store.getIncident(id)?.state;
  } finally {
    store.close();
  }
};

describe('npm run demo, left running', () => {
  it('prints approve commands with the package bin, its database, cluster and verify window, and no npm banner', () => {
    const printed = APPROVE.exec(out);

    expect(printed, out).not.toBeNull();
    expect(printed![2]).toBe(names.db);
    expect(printed![5]).toBe(BIN);
    expect(printed![4]).toBe('5');
    expect(out).not.toContain('npm run clopus');
  });

  it('answers approve --wait as soon as the demo records the verdict, saying on stderr how it goes meanwhile', async () => {
    // Without the demo's window, this process would watch for the default two minutes by itself.
    const started = Date.now();

    const run = await execa(
      process.execPath,
      [BIN, 'approve', String(names.id), '--proposal', String(names.proposal), '--yes', '--wait'],
      {
        reject: false,
        input: '',
        env: {
          CLOPUS_DB_PATH: names.db,
          KUBECONFIG: names.kubeconfig,
          CLOPUS_LOG_LEVEL: 'silent',
          CLOPUS_VERIFY_WINDOW_SECONDS: undefined,
        },
      },
    );

    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Approved by cli:\S+ and applied to deployment\/web in namespace demo-apps: patched deployment\/web\. Verified: deployment\/web in namespace demo-apps: 1 pod Ready with no new restarts for 5 s after the fix\./,
    );
    expect(run.stderr).toMatch(/^waiting for verification: [01] of 1 pod ready, 1[12]\d s left$/m);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(stateOf(names.id)).toBe('verified');
  }, 150_000);

  it('auto-approves a recurrence in the trusted namespace: the cache OOMs again after it was verified, and is fixed and verified again', async () => {
    const first = Number(
      /^ {2}#(\d+) demo-trusted\/deployment\/cache: Approved by policy:demo-trusted/m.exec(out)?.[1],
    );
    expect(stateOf(first)).toBe('verified');

    // Someone puts the old limit back: the new pods are OOM-killed again.
    const kubectl = await execa(
      'kubectl',
      [
        '--kubeconfig',
        names.kubeconfig,
        'set',
        'resources',
        'deployment/cache',
        '-n',
        'demo-trusted',
        '--limits=memory=64Mi',
        '--requests=memory=64Mi',
      ],
      { input: '', reject: false, env: { ...process.env, HOME: home } },
    );
    expect(kubectl.exitCode, kubectl.stderr).toBe(0);

    const again = await waitFor(
      () =>
        /^#(\d+) demo-trusted\/deployment\/cache: auto-approve: Approved by policy:demo-trusted and applied to deployment\/cache in namespace demo-trusted: patched deployment\/cache\.$/m.exec(
          out,
        )?.[1],
      { timeoutMs: 90_000, intervalMs: 200, what: 'the recurrence auto-approved' },
    );
    const id = Number(again);
    expect(id).not.toBe(first);
    await waitFor(() => out.includes(`#${id}: Verified: deployment/cache in namespace demo-trusted: 2 pods Ready`), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'the recurrence verified',
    });
    const store = openStore(names.db);
    try {
      expect(store.getIncident(id)?.state).toBe('verified');
      expect(store.auditTrail(id).find((a) => a.toState === 'approved')).toMatchObject({
        actor: 'policy:demo-trusted',
        fromState: 'proposed',
      });
    } finally {
      store.close();
    }
  }, 200_000);
});
