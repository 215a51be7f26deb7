// Bad configuration and bad command lines: every mistake ends with a non-zero exit and one message on stderr that
// names the problem and what to do — never a stack trace — and a database file that is not SQLite is left exactly as
// it was. Every case runs through the CLI's entry (main, in-process, as test/cli/run.ts does); a sample of them also
// through the real `clopus` executable in a child process, where a crash would show as Node's own stack dump.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../cli/run.js';

const BIN = fileURLToPath(new URL('../../bin/clopus.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clopus-bad-input-'));
const at = (name: string): string => join(dir, name);
let closedPort = 0;
/** The bytes of a database file that is not SQLite, kept to compare with after every command met it. */
const garbage = randomBytes(8192);

/** A kubeconfig for a server nothing listens on (client-node needs insecure-skip-tls-verify for a test server). */
const kubeconfig = (server: string): string => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`;

beforeAll(async () => {
  const files: Record<string, string | Buffer> = {
    'unknown-key.yaml': 'cluster: prod\nclustr: typo\n',
    'unknown-nested.yaml': 'fixer:\n  verifyWindowSecs: 30\n',
    'wrong-type.yaml': 'fixer:\n  verifyWindowSeconds: soon\n',
    'malformed.yaml': 'policy:\n  approvers: [U0ALICE\n',
    'a-list.yaml': '- cluster: prod\n',
    'not-a-dir': 'a file where a directory is expected\n',
    'bad-glob.yaml': 'namespaces:\n  include: ["Prod/*"]\n',
    'bad-approver.yaml': 'policy:\n  approvers: [alice]\n',
    'bad-trusted.yaml': 'policy:\n  trusted:\n    - { name: dev, namespaces: [dev], classes: [delete-namespace] }\n',
    'old-trusted.yaml': 'policy:\n  trusted:\n    - { name: dev, namespaces: [dev], actions: [restart_pod] }\n',
    'garbage.db': garbage,
    'kubeconfig-garbage': 'this is not: [a kubeconfig\n\u0000\u0001',
    'kubeconfig-empty': '',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(at(name), body);
  mkdirSync(at('a-directory'));
  openStore(at('empty.db')).close();
  mkdirSync(at('home'));
  // A port that was free a moment ago: connecting to it is refused.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  writeFileSync(at('kubeconfig-unreachable'), kubeconfig(`https://127.0.0.1:${closedPort}`));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = (db: string): Record<string, string> => ({
  HOME: at('home'),
  CLOPUS_DB_PATH: at(db),
  CLOPUS_LOG_LEVEL: 'warn',
});

/** Runs `node bin/clopus.js ARGV` as a terminal would, with only the environment given (a private HOME and DB). */
async function clopus(argv: string[], env: Record<string, string>, db: string) {
  const run = await execa(process.execPath, [BIN, ...argv], {
    cwd: dir,
    extendEnv: false,
    reject: false,
    timeout: 60_000,
    stripFinalNewline: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...baseEnv(db), ...env },
  });
  return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr.trimEnd() };
}

/** The same through the CLI's entry in this process (loading the Kubernetes client once, not per case). */
async function clopusInProcess(argv: string[], env: Record<string, string>, db: string) {
  const run = await runCli(argv, { env: { ...baseEnv(db), ...env } });
  return { ...run, stderr: run.stderr.trimEnd() };
}

/** What a stack trace or an internal error dump looks like on stderr. */
const INTERNALS = [/^\s+at /m, /node:internal/, /(^|\s)[A-Z]\w*Error(\s\[\w+\])?:/m, /unexpected error/i, /\{\s*$/m];

/** `child`: also through the executable in a child process; `child-only`: only there (it reads the process's HOME). */
type Case = [
  name: string,
  argv: string[],
  env: Record<string, string>,
  code: number,
  message: RegExp,
  child?: 'child' | 'child-only',
];

const cases: Case[] = [
  // Configuration: the file.
  [
    'an unknown key in the YAML file',
    ['incidents'],
    { CLOPUS_CONFIG: at('unknown-key.yaml') },
    2,
    /clustr: unknown key; remove it or check its spelling/,
  ],
  [
    'an unknown nested key in the YAML file',
    ['incidents'],
    { CLOPUS_CONFIG: at('unknown-nested.yaml') },
    2,
    /fixer\.verifyWindowSecs: unknown key; remove it or check its spelling/,
  ],
  [
    'a wrong type in the YAML file',
    ['incidents'],
    { CLOPUS_CONFIG: at('wrong-type.yaml') },
    2,
    /fixer\.verifyWindowSeconds: .*expected number/,
  ],
  [
    'a malformed YAML file',
    ['incidents'],
    { CLOPUS_CONFIG: at('malformed.yaml') },
    2,
    /malformed\.yaml is not valid YAML: .+; fix it there/,
    'child',
  ],
  [
    'a YAML file holding a list',
    ['incidents'],
    { CLOPUS_CONFIG: at('a-list.yaml') },
    2,
    /a-list\.yaml must hold a mapping of keys .*, not a list/,
  ],
  [
    'a config file that does not exist',
    ['incidents'],
    { CLOPUS_CONFIG: at('missing.yaml') },
    2,
    /cannot read .*missing\.yaml: ENOENT \(no such file\); point CLOPUS_CONFIG at a readable YAML file/,
  ],
  [
    'a config file that cannot be read',
    ['incidents'],
    { CLOPUS_CONFIG: join(at('not-a-dir'), 'clopus.yaml') },
    2,
    /cannot read .*not-a-dir\/clopus\.yaml: ENOTDIR .*; point CLOPUS_CONFIG at a readable YAML file/,
  ],
  [
    'a config file that is a directory',
    ['incidents'],
    { CLOPUS_CONFIG: at('a-directory') },
    2,
    /cannot read .*a-directory: EISDIR \(it is a directory, not a file\); point CLOPUS_CONFIG/,
  ],
  // Configuration: the environment.
  [
    'an unknown CLOPUS_ variable',
    ['incidents'],
    { CLOPUS_VERIFY_WINDOW: '30' },
    2,
    /CLOPUS_VERIFY_WINDOW: unknown environment variable; remove it or check its spelling \(did you mean CLOPUS_VERIFY_WINDOW_SECONDS\?\)/,
    'child',
  ],
  [
    'a word where a number belongs',
    ['incidents'],
    { CLOPUS_VERIFY_WINDOW_SECONDS: 'abc' },
    2,
    /fixer\.verifyWindowSeconds \(from CLOPUS_VERIFY_WINDOW_SECONDS\): .*expected number/,
  ],
  [
    'a negative number',
    ['incidents'],
    { CLOPUS_VERIFY_WINDOW_SECONDS: '-5' },
    2,
    /fixer\.verifyWindowSeconds \(from CLOPUS_VERIFY_WINDOW_SECONDS\): Too small: expected number to be >=1/,
  ],
  [
    'a huge number',
    ['incidents'],
    { CLOPUS_VERIFY_WINDOW_SECONDS: '9'.repeat(40) },
    2,
    /fixer\.verifyWindowSeconds \(from CLOPUS_VERIFY_WINDOW_SECONDS\): Too big: expected number to be <=3600/,
  ],
  [
    'a port beyond any number',
    ['incidents'],
    { CLOPUS_DASHBOARD_PORT: '1e400' },
    2,
    /dashboard\.port \(from CLOPUS_DASHBOARD_PORT\): .*expected number/,
  ],
  [
    'a bad namespace glob in the file',
    ['incidents'],
    { CLOPUS_CONFIG: at('bad-glob.yaml') },
    2,
    /namespaces\.include\.0: expected namespace names or globs/,
  ],
  [
    'a bad namespace glob in the environment',
    ['incidents'],
    { CLOPUS_NAMESPACES: 'Team A,payments' },
    2,
    /namespaces\.include\.0: expected namespace names or globs/,
  ],
  [
    'an approver that is not a Slack ID',
    ['incidents'],
    { CLOPUS_CONFIG: at('bad-approver.yaml') },
    2,
    /policy\.approvers\.0: expected a Slack user ID \(U…\/W…\) or user group ID \(S…\)/,
  ],
  [
    'an approver that is not a Slack ID, from the environment',
    ['incidents'],
    { CLOPUS_APPROVERS: 'U0ALICE,@bob' },
    2,
    /policy\.approvers\.1: expected a Slack user ID/,
  ],
  [
    'a trusted rule with an unknown change class',
    ['incidents'],
    { CLOPUS_CONFIG: at('bad-trusted.yaml') },
    2,
    /policy\.trusted\.0\.classes\.0: .*expected one of "resources"\|"image-rollback"/,
  ],
  [
    'a trusted rule still naming action kinds',
    ['incidents'],
    { CLOPUS_CONFIG: at('old-trusted.yaml') },
    2,
    /policy\.trusted\.0\.actions: trusted rules name change classes now: replace actions with classes/,
  ],
  // The command line.
  ['an unknown command', ['frobnicate'], {}, 2, /^clopus: unknown command "frobnicate"; run clopus help for the list$/],
  [
    'a command named like an object property',
    ['constructor'],
    {},
    2,
    /^clopus: unknown command "constructor"; run clopus help for the list$/,
    'child',
  ],
  ['an unknown flag', ['incidents', '--frob'], {}, 2, /Unknown option '--frob'[\s\S]*\nusage: clopus incidents /],
  [
    'a flag without its value',
    ['reject', '1', '--reason'],
    {},
    2,
    /Option '--reason <value>' argument missing\nusage: clopus reject ID/,
  ],
  [
    'approve without an ID',
    ['approve'],
    {},
    2,
    /^clopus: clopus approve needs one incident ID \(a positive whole number\)\nusage: clopus approve ID/,
    'child',
  ],
  [
    'a non-numeric ID',
    ['reject', 'abc'],
    {},
    2,
    /^clopus: clopus reject needs one incident ID \(a positive whole number\)\nusage: clopus reject ID/,
  ],
  [
    'an ID that is not whole',
    ['show', '1.5'],
    {},
    2,
    /^clopus: clopus show needs one incident ID \(a positive whole number\)/,
  ],
  [
    'an ID that does not exist (approve)',
    ['approve', '4242', '--kubeconfig', at('kubeconfig-unreachable')],
    { CLOPUS_DB_PATH: at('empty.db') },
    2,
    /^clopus: incident 4242 not found in .*empty\.db; list them with: CLOPUS_DB_PATH=\S+ clopus incidents$/,
  ],
  [
    'an ID that does not exist (reject)',
    ['reject', '4242'],
    { CLOPUS_DB_PATH: at('empty.db') },
    2,
    /^clopus: incident 4242 not found in .*empty\.db; list them with: CLOPUS_DB_PATH=\S+ clopus incidents$/,
  ],
  [
    'an ID that does not exist (show)',
    ['show', '4242'],
    { CLOPUS_DB_PATH: at('empty.db') },
    2,
    /^clopus: incident 4242 not found in .*empty\.db; list them with: CLOPUS_DB_PATH=\S+ clopus incidents$/,
  ],
  ['an unknown state filter', ['incidents', '--state', 'broken'], {}, 2, /unknown state "broken"; one of: open, /],
  // The database.
  [
    'a database in a directory that does not exist',
    ['serve'],
    { CLOPUS_DB_PATH: at('nowhere/clopus.db') },
    1,
    /Cannot open the database .*nowhere\/clopus\.db: .*directory does not exist\. Point CLOPUS_DB_PATH at a writable SQLite file in an existing directory/,
  ],
  [
    'a database where nothing may be written',
    ['serve'],
    { CLOPUS_DB_PATH: '/proc/clopus.db' },
    1,
    /Cannot open the database \/proc\/clopus\.db: .+\. Point CLOPUS_DB_PATH at a writable SQLite file/,
  ],
  [
    'a database file that is not SQLite',
    ['incidents'],
    { CLOPUS_DB_PATH: at('garbage.db') },
    1,
    /Cannot open the database .*garbage\.db: file is not a database\. Point CLOPUS_DB_PATH/,
  ],
  // The cluster.
  [
    'a kubeconfig that is garbage',
    ['scan', '--kubeconfig', at('kubeconfig-garbage')],
    {},
    2,
    /cannot load a kubeconfig from .*kubeconfig-garbage: .+; point --kubeconfig or KUBECONFIG at a valid kubeconfig file$/,
  ],
  [
    'an empty kubeconfig',
    ['scan'],
    { KUBECONFIG: at('kubeconfig-empty') },
    2,
    /cannot load a kubeconfig from .*kubeconfig-empty: .*empty; point --kubeconfig or KUBECONFIG at a valid kubeconfig file$/,
  ],
  [
    'no kubeconfig at all',
    ['scan'],
    {},
    2,
    /^clopus: no Kubernetes cluster configured: set KUBECONFIG or --kubeconfig, create ~\/\.kube\/config, or run inside a cluster$/,
    'child-only',
  ],
  [
    'an API server nothing listens on',
    ['scan', '--kubeconfig', at('kubeconfig-unreachable')],
    {},
    1,
    /cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*\nCheck that the cluster is up and that the kubeconfig/,
    'child',
  ],
];

const caseDb = (name: string): string => `case-${cases.findIndex((c) => c[0] === name)}.db`;

function expectRefusal(
  run: { code: number | undefined; stdout: string; stderr: string },
  code: number,
  message: RegExp,
): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(message);
  for (const internal of INTERNALS) expect(run.stderr).not.toMatch(internal);
}

describe('clopus with bad input', () => {
  it.each(cases.filter((c) => c[5] !== 'child-only'))(
    'refuses %s: exit code, one clear message on stderr, no stack trace',
    async (name, argv, env, code, message) => {
      const run = await clopusInProcess(argv, env, caseDb(name));

      expectRefusal(run, code, message);
    },
  );

  it.concurrent.for(cases.filter((c) => c[5]))(
    'the executable refuses %s the same way',
    { timeout: 60_000 },
    async ([name, argv, env, code, message]) => {
      const run = await clopus(argv, env, `child-${caseDb(name)}`);

      expectRefusal(run, code, message);
    },
  );

  it('leaves a database file that is not SQLite exactly as it was, whatever command met it', async () => {
    const runs = [
      await clopus(['incidents'], {}, 'garbage.db'),
      await clopusInProcess(['reject', '1', '--reason', 'no'], {}, 'garbage.db'),
      await clopusInProcess(['approve', '1', '--kubeconfig', at('kubeconfig-unreachable')], {}, 'garbage.db'),
      await clopusInProcess(['show', '1'], {}, 'garbage.db'),
    ];

    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    for (const r of runs) expect(r.stderr).toMatch(/file is not a database\. Point CLOPUS_DB_PATH/);
    expect(readFileSync(at('garbage.db')).equals(garbage)).toBe(true);
    expect([
      existsSync(at('garbage.db-wal')),
      existsSync(at('garbage.db-shm')),
      existsSync(at('garbage.db-journal')),
    ]).toEqual([false, false, false]);
  }, 60_000);
});
