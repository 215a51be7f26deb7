// One rule for every command, through the real executable: results on stdout, errors as one `clopus: sentence` on
// stderr, and the README's exit codes — 0 ok, 1 the operation failed, 2 bad usage, configuration or a name that does
// not exist, 3 findings with --fail-on-findings. The database is never implicit: only serve creates one, and the
// hints a command prints carry the database they need.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { clopus, seedProposed, tempDir } from './bin.js';

const dir = tempDir('exit-codes');
const cwd = join(dir, 'work');
mkdirSync(cwd);
// A space in the path: the hints must still be pasteable.
const db = join(dir, 'demo db', 'clopus.db');
mkdirSync(join(dir, 'demo db'));
seedProposed(db);
const quoted = `'${db}'`;
const inDb = { CLOPUS_DB_PATH: db };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the database is never implicit', () => {
  it.each([
    [['incidents']],
    [['show', '1']],
    [['reject', '1']],
    [['approve', '1', '--proposal', '1', '--yes']],
    [['rollback', '1']],
  ])(
    'clopus %j refuses a database that does not exist, names it, and creates nothing',
    async (argv) => {
      const missing = join(dir, 'typo.db');

      const run = await clopus(argv, { cwd, env: { CLOPUS_DB_PATH: missing } });

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `clopus: no database at ${missing}; set CLOPUS_DB_PATH or run clopus serve\n`,
      });
      expect(existsSync(missing)).toBe(false);
    },
    60_000,
  );

  it('does not create ./clopus.db when CLOPUS_DB_PATH is unset', async () => {
    const run = await clopus(['incidents'], { cwd });

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'clopus: no database at clopus.db; set CLOPUS_DB_PATH or run clopus serve\n',
    });
    expect(existsSync(join(cwd, 'clopus.db'))).toBe(false);
  }, 60_000);

  it('says which database it read, listing or finding nothing', async () => {
    const empty = join(dir, 'empty.db');
    openStore(empty).close();

    const none = await clopus(['incidents'], { cwd, env: { CLOPUS_DB_PATH: empty } });
    const some = await clopus(['incidents'], { cwd, env: inDb });

    expect(none).toEqual({ code: 0, stdout: `No incidents in ${empty}.\n`, stderr: '' });
    expect(some.code).toBe(0);
    expect(some.stdout).toMatch(/\n\n1 of 1 incidents in .*demo db\/clopus\.db\n$/);
  }, 60_000);

  it('prints Next: hints that carry a database that is not the default, quoted for the shell', async () => {
    const run = await clopus(['reject', '1', '--proposal', '1'], { cwd, env: inDb });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      `\nNext: Review it with: CLOPUS_DB_PATH=${quoted} clopus show 1; then CLOPUS_DB_PATH=${quoted} clopus approve 1 or CLOPUS_DB_PATH=${quoted} clopus reject 1\n`,
    );
  }, 60_000);

  it('prints them bare for the default database', async () => {
    const here = join(dir, 'default');
    mkdirSync(here);
    seedProposed(join(here, 'clopus.db'));

    const run = await clopus(['reject', '1', '--proposal', '1'], { cwd: here });

    expect(run.stdout).toContain('\nNext: Review it with: clopus show 1; then clopus approve 1 or clopus reject 1\n');
  }, 60_000);
});

describe('exit codes and streams', () => {
  it.each([['show'], ['approve'], ['reject'], ['rollback']])(
    'clopus %s 999 says the incident does not exist, in the same words, before anything about the cluster (exit 2)',
    async (command) => {
      // No kubeconfig anywhere: approve and rollback must look the incident up before they load one.
      const run = await clopus([command, '999'], { cwd, env: inDb });

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `clopus: incident 999 not found in ${db}; list them with: CLOPUS_DB_PATH=${quoted} clopus incidents\n`,
      });
    },
    60_000,
  );

  it.each([
    ['scan', ['scan']],
    ['approve', ['approve', '1', '--proposal', '2', '--yes']],
    ['rollback', ['rollback', '1']],
  ])(
    'clopus %s with no kubeconfig at all is bad configuration: exit 2, one sentence',
    async (_, argv) => {
      const run = await clopus(argv, { cwd, env: inDb });

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'clopus: no Kubernetes cluster configured: set KUBECONFIG or --kubeconfig, create ~/.kube/config, or run inside a cluster\n',
      });
    },
    60_000,
  );

  it.each([
    [
      'triage of input that is not JSON',
      ['triage', '-'],
      '{"items": [\n  {"kind": "Pod",}',
      /^clopus: standard input is not JSON \(line 2, column 18\)\. Produce it with: kubectl get pods -A -o json \(or -o yaml\)\n$/,
    ],
    [
      'an unknown option',
      ['incidents', '--frob'],
      undefined,
      /^clopus: Unknown option '--frob'\. .*\nusage: clopus incidents /,
    ],
    [
      'a bad --output',
      ['show', '1', '-o', 'xml'],
      undefined,
      /^clopus: --output must be table, wide, yaml or json, not "xml"\n/,
    ],
    [
      'a bad --proposal',
      ['approve', '1', '--proposal', 'latest'],
      undefined,
      /^clopus: --proposal takes a proposal ID/,
    ],
  ])(
    'says %s with one prefix, exit 2',
    async (_, argv, input, message) => {
      const run = await clopus(argv, { cwd, env: inDb, ...(input === undefined ? {} : { input }) });

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/clopus: clopus|clopus [a-z]+: clopus|^clopus [a-z]+:/m);
    },
    60_000,
  );

  it('prints a refused decision as its result: stdout, nothing on stderr, exit 1', async () => {
    const run = await clopus(['reject', '1', '--proposal', '1'], { cwd, env: inDb });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Not rejected: a newer proposal replaced the one you saw/);
  }, 60_000);
});
