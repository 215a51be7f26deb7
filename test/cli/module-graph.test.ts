// Start-up cost is mostly module loading: the Kubernetes client alone is ~2,000 modules. Commands that only read
// the database or a file (incidents, show, reject, triage, --version, help) must not load it; the commands that
// talk to a cluster load it when they run. Checked through the real executable with a loader probe, not a timer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { newIncident } from '../store/fixtures.js';
import { kubectlPodList } from './kubectl-output.js';

const BIN = fileURLToPath(new URL('../../bin/clopus.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./loaded-modules.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clopus-modules-'));
const db = join(dir, 'clopus.db');
const pods = join(dir, 'pods.json');

beforeAll(async () => {
  const store = openStore(db);
  store.createIncident(newIncident(), 'detector');
  store.close();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(pods, JSON.stringify(kubectlPodList()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules `clopus ARGV` loaded, as resolved URLs or paths. */
async function modulesOf(argv: string[], name: string): Promise<{ code: number | undefined; modules: string[] }> {
  const out = join(dir, `${name}.txt`);
  const run = await execa(process.execPath, ['--import', PROBE, BIN, ...argv], {
    reject: false,
    timeout: 60_000,
    cwd: dir,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      CLOPUS_DB_PATH: db,
      CLOPUS_LOG_LEVEL: 'warn',
      LOADED_MODULES_OUT: out,
      KUBECONFIG: join(dir, 'none'),
    },
  });
  return { code: run.exitCode, modules: readFileSync(out, 'utf8').split('\n').filter(Boolean) };
}

const clientNode = (modules: readonly string[]) => modules.filter((m) => m.includes('@kubernetes/client-node'));

describe('what a command loads', () => {
  it.each([
    ['incidents', ['incidents']],
    ['show', ['show', '1']],
    ['reject', ['reject', '1', '--reason', 'not now']],
    ['triage', ['triage', pods]],
    ['version', ['--version']],
    ['help', ['help', 'scan']],
  ])(
    'clopus %s does not load @kubernetes/client-node',
    async (name, argv) => {
      const { code, modules } = await modulesOf(argv, name);

      expect(code).not.toBeNull();
      expect(modules.length).toBeGreaterThan(5);
      expect(clientNode(modules)).toEqual([]);
      expect(modules.length).toBeLessThan(400);
    },
    60_000,
  );

  it('loads it for a command that talks to a cluster (so the probe sees it when it is there)', async () => {
    const { modules } = await modulesOf(['scan'], 'scan');

    expect(clientNode(modules).length).toBeGreaterThan(100);
  }, 60_000);
});
