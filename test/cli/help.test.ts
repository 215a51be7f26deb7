// `--help` for every command, through the real executable: exit 0, the usage on stdout naming each option the
// command takes, nothing on stderr. The lists below are written out here, not read from the CLI's own table.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const BIN = fileURLToPath(new URL('../../bin/clopus.js', import.meta.url));
const clopus = (argv: string[]) =>
  execa(process.execPath, [BIN, ...argv], { reject: false, timeout: 30_000, env: { CLOPUS_LOG_LEVEL: 'warn' } });

const OPTIONS: Array<[command: string, options: string[]]> = [
  ['serve', ['--kubeconfig FILE']],
  ['scan', ['-n, --namespace NS', '-o, --output', '--kubeconfig FILE']],
  ['triage', ['FILE|-', '-o, --output']],
  ['incidents', ['--state STATE', '-n, --namespace NS', '--limit N', '-o, --output']],
  ['show', ['ID', '-o, --output']],
  ['approve', ['ID', '--proposal P', '-y, --yes', '--wait', '-o, --output', '--kubeconfig FILE']],
  ['reject', ['ID', '--reason TEXT', '--proposal P', '-o, --output']],
  ['rollback', ['ID', '-o, --output', '--kubeconfig FILE']],
  ['diagnose', ['--input FILE', '--kubeconfig FILE']],
];

describe('clopus COMMAND --help', () => {
  it.each(OPTIONS)(
    'clopus %s --help prints its usage and every option, and exits 0',
    async (command, options) => {
      const run = await clopus([command, '--help']);

      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(`Usage: clopus ${command}`);
      for (const option of [...options, '-h, --help']) expect(run.stdout).toContain(option);
    },
    30_000,
  );

  it('says how a script approves: --proposal P --yes', async () => {
    const run = await runCli(['approve', '-h']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: clopus approve ID [--proposal P [--yes]]');
    expect(run.stdout).toContain('clopus approve ID --proposal P --yes');
  });

  it.each([
    ['--help anywhere among the arguments', ['reject', '3', '--reason', 'no', '--help']],
    ['clopus help COMMAND', ['help', 'reject']],
  ])('answers %s with the command help', async (_, argv) => {
    const run = await runCli(argv);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^clopus reject — /);
    expect(run.stdout).toContain('--reason TEXT');
  });

  it('treats --help after -- as an argument, not a request for help', async () => {
    const run = await runCli(['triage', '--', '--help']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read --help: ENOENT');
  });

  it.each([[['--help']], [['-h']], [['help']], [[]]])('clopus %j lists every command and exits 0', async (argv) => {
    const run = argv[0] === '--help' ? await clopus(argv) : await runCli(argv);

    expect(run.stderr).toBe('');
    expect('exitCode' in run ? run.exitCode : run.code).toBe(0);
    for (const [command] of OPTIONS) expect(run.stdout).toContain(`  clopus ${command}`);
    expect(run.stdout).toContain('clopus help COMMAND');
  });

  it('refuses help for a command that does not exist, in one sentence with exit 2', async () => {
    const run = await runCli(['help', 'tirage']);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'clopus: unknown command "tirage"; run clopus help for the list\n',
    });
  });
});
