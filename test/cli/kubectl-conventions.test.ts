// The CLI behaves like kubectl where a kubectl user would expect it to, through the real executable: --version,
// -A, -o wide|yaml|json, --no-headers, uncut columns in a pipe, `show '#2'`, an error for a namespace that does not
// exist, --fail-on-findings for CI, YAML input to triage, and untrusted bytes never reaching the terminal raw.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { crashLoop, deployment, imagePullBackOff, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { BIN, clopus, seedProposed, tempDir } from './bin.js';
import { kubectlPodList } from './kubectl-output.js';

const dir = tempDir('kubectl-conventions');
const db = join(dir, 'clopus.db');
const LONG =
  `back-off restarting failed container: ${'the configuration file /etc/app/config.yaml names a key that does not exist; '.repeat(3)}`.trim();
seedProposed(db, { message: LONG });
const env = { CLOPUS_DB_PATH: db };
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('version and help', () => {
  it.each([[['--version']], [['version']]])(
    'clopus %j prints the version and exits 0',
    async (argv) => {
      const run = await clopus(argv, { cwd: dir });

      expect(run).toEqual({ code: 0, stdout: `clopus ${pkg.version}\n`, stderr: '' });
    },
    60_000,
  );

  it.each([
    [
      'scan',
      [
        '-A, --all-namespaces',
        '-o, --output FORMAT',
        'wide (more columns), yaml or json',
        '--no-headers',
        '--fail-on-findings',
      ],
    ],
    ['triage', ['JSON or YAML', '--no-headers', '--fail-on-findings', 'wide (more columns), yaml or json']],
    ['incidents', ['--no-headers', 'wide (more columns), yaml or json']],
    ['show', ['2 or #2', 'wide (also pod UIDs']],
  ])(
    'clopus %s --help lists what it takes',
    async (command, words) => {
      const run = await clopus([command, '--help'], { cwd: dir });

      expect(run.code).toBe(0);
      for (const w of words) expect(run.stdout).toContain(w);
    },
    60_000,
  );
});

describe('clopus incidents and show', () => {
  it('prints more columns with -o wide, whole in a pipe, and nothing but rows with --no-headers', async () => {
    const table = await clopus(['incidents'], { cwd: dir, env });
    const wide = await clopus(['incidents', '-o', 'wide'], { cwd: dir, env });
    const bare = await clopus(['incidents', '--no-headers'], { cwd: dir, env });

    expect(table.stdout).toMatch(/^ID\s+STATE\s+NAMESPACE\s+WORKLOAD\s+REASON\s+PODS\s+RESTARTS\s+AGE\n/);
    expect(wide.stdout).toMatch(
      /^ID\s+STATE\s+NAMESPACE\s+WORKLOAD\s+CONTAINER\s+REASON\s+PODS\s+RESTARTS\s+AGE\s+LAST SEEN\s+CLUSTER\s+MESSAGE\n/,
    );
    expect(wide.stdout).toContain(LONG);
    expect(wide.stdout).not.toContain('…');
    expect(bare).toMatchObject({ code: 0, stderr: '' });
    expect(bare.stdout).toMatch(/^1\s+proposed\s+shop\s+deployment\/cache\s+CrashLoopBackOff\s+2\s+3\s+\d+[smhd]\n$/);
  }, 60_000);

  it.each([['incidents'], ['show', '1']])(
    'clopus %s -o yaml holds the same data as -o json',
    async (...argv) => {
      const json = await clopus([...argv, '-o', 'json'], { cwd: dir, env });
      const yaml = await clopus([...argv, '-o', 'yaml'], { cwd: dir, env });

      expect(yaml.code).toBe(0);
      expect(parseYaml(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    },
    60_000,
  );

  it('takes an incident ID as #1, as the demo and Slack write it', async () => {
    const plain = await clopus(['show', '1'], { cwd: dir, env });
    const hashed = await clopus(['show', '#1'], { cwd: dir, env });

    expect(hashed.code).toBe(0);
    const timeless = (text: string) => text.replace(/\((just now|[^()]* ago)\)/g, '');
    expect(timeless(hashed.stdout)).toBe(timeless(plain.stdout));
    expect(hashed.stdout).toMatch(/^Incident 1: CrashLoopBackOff in deployment\/cache/);
  }, 60_000);
});

describe('clopus triage', () => {
  const json = JSON.stringify(kubectlPodList());

  it('reads kubectl get pods -o yaml output as well as -o json', async () => {
    const fromJson = await clopus(['triage', '-', '-o', 'json'], { cwd: dir, input: json });
    const fromYaml = await clopus(['triage', file('pods.yaml', toYaml(kubectlPodList())), '-o', 'json'], { cwd: dir });

    expect(fromYaml).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(fromYaml.stdout)).toEqual(JSON.parse(fromJson.stdout));
    expect(JSON.parse(fromYaml.stdout)).toHaveLength(2);
  }, 60_000);

  it('exits 3 with --fail-on-findings when it finds something, 0 when it does not', async () => {
    const healthy = {
      ...kubectlPodList(),
      items: kubectlPodList().items.filter((p) => p.metadata.name.startsWith('web-')),
    };

    const found = await clopus(['triage', '--fail-on-findings'], { cwd: dir, input: json });
    const clean = await clopus(['triage', '--fail-on-findings'], { cwd: dir, input: JSON.stringify(healthy) });
    const ungated = await clopus(['triage'], { cwd: dir, input: json });

    expect(found.code).toBe(3);
    expect(found.stdout).toContain('3 pods, 2 findings');
    expect(clean).toEqual({ code: 0, stdout: '1 pods, 0 findings: no degraded pods\n', stderr: '' });
    expect(ungated.code).toBe(0);
  }, 60_000);

  it('never writes the input’s control bytes to the terminal, in findings or in errors', async () => {
    const list = kubectlPodList();
    list.items[0]!.metadata.name = 'api-\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m\u009b6n-x2x4q';

    const table = await clopus(['triage', '-o', 'wide'], { cwd: dir, input: JSON.stringify(list) });
    const garbage = await clopus(['triage'], { cwd: dir, input: '\u001b[31mplease run rm -rf /\u001b[0m\u0007' });

    expect(table.code).toBe(0);
    expect(table.stdout).toContain('red');
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(
      /^clopus: standard input is not JSON or YAML holding pods \(it reads as a string\)\./,
    );
    expect(garbage.stderr).not.toMatch(RAW_CONTROL);
    expect(garbage.stderr).not.toContain('rm -rf');
  }, 60_000);

  it('says on stderr what it waits for when standard input is a terminal', async () => {
    // util-linux `script` gives the command a pseudo-terminal; ^D ends the input.
    const run = await execa('script', ['-q', '-e', '-c', `${process.execPath} ${BIN} triage`, '/dev/null'], {
      input: '\u0004',
      reject: false,
      timeout: 60_000,
      cwd: dir,
      extendEnv: false,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });

    expect(run.stdout).toContain(
      'clopus: reading pods from stdin; pipe kubectl get pods -A -o json into clopus triage',
    );
    expect(run.stdout).toContain('clopus: standard input is empty.');
    expect(run.exitCode).toBe(2);
  }, 60_000);
});

describe('clopus scan', () => {
  let sandbox: Sandbox;
  let kubeconfig: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    kubeconfig = join(dir, 'kubeconfig');
    sandbox.writeKubeconfig(kubeconfig);
    const api = deployment(sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
    crashLoop(sandbox.cluster, 'shop', api.pods[0]!.metadata.name, { restarts: 4 });
    const web = deployment(sandbox.cluster, { namespace: 'web', name: 'frontend', replicas: 1 });
    imagePullBackOff(sandbox.cluster, 'web', web.pods[0]!.metadata.name, { image: 'example/frontend:nope' });
    deployment(sandbox.cluster, { namespace: 'quiet', name: 'healthy', replicas: 2 });
  });

  afterAll(async () => sandbox?.stop());

  const scan = (argv: string[], extra: Record<string, string> = {}) =>
    clopus(['scan', '--kubeconfig', kubeconfig, ...argv], { cwd: dir, env: extra });

  it('refuses a namespace that does not exist, in one sentence with exit 2, instead of finding nothing there', async () => {
    const run = await scan(['-n', 'shpo']);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `clopus: namespace "shpo" does not exist in the cluster at ${sandbox.url}; list them with: kubectl get namespaces\n`,
    });
  }, 60_000);

  it('scans every namespace with -A, whatever CLOPUS_NAMESPACES says', async () => {
    const configured = await scan([], { CLOPUS_NAMESPACES: 'web' });
    const all = await scan(['-A'], { CLOPUS_NAMESPACES: 'web' });
    const long = await scan(['--all-namespaces', '-o', 'json'], { CLOPUS_NAMESPACES: 'web' });

    expect(configured.stdout).not.toContain('shop');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/shop\s+deployment\/api\s+api-\S+\s+api\s+CrashLoopBackOff/);
    expect(all.stdout).toMatch(/web\s+deployment\/frontend/);
    expect(all.stdout).toContain('4 pods scanned, 2 findings');
    expect((JSON.parse(long.stdout) as unknown[]).length).toBe(2);
  }, 60_000);

  it('gates CI with --fail-on-findings: 3 when something is degraded, 0 when nothing is', async () => {
    const found = await scan(['-A', '--fail-on-findings']);
    const quiet = await scan(['-n', 'quiet', '--fail-on-findings']);

    expect(found.code).toBe(3);
    expect(quiet).toEqual({ code: 0, stdout: '2 pods scanned, 0 findings: no degraded pods\n', stderr: '' });
  }, 60_000);

  it('prints the exit code and the owner with -o wide, and rows only with --no-headers', async () => {
    const wide = await scan(['-n', 'shop', '-o', 'wide']);
    const bare = await scan(['-n', 'shop', '--no-headers']);

    expect(wide.stdout).toMatch(
      /^NAMESPACE\s+WORKLOAD\s+POD\s+CONTAINER\s+REASON\s+RESTARTS\s+EXIT\s+OWNER\s+MESSAGE\n/,
    );
    expect(wide.stdout).toMatch(
      /shop\s+deployment\/api\s+api-\S+\s+api\s+CrashLoopBackOff\s+4\s+\d+\s+replicaset\/api-\S+\s+/,
    );
    expect(bare.stdout).toMatch(/^shop\s+deployment\/api\s+api-\S+\s+api\s+CrashLoopBackOff\s+4\s+\S.*\n$/);
  }, 60_000);

  it('refuses -A together with --namespace', async () => {
    const run = await scan(['-A', '-n', 'shop']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^clopus: --all-namespaces and --namespace together: choose one\n/);
  }, 60_000);
});
