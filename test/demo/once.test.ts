// What the demo leaves behind and what it tells a newcomer to paste: `--once` prints no command that needs its
// sandbox (which stops as it exits), and its temporary directory goes with it, at the end of --once and on
// Ctrl-C or SIGTERM alike.
import { existsSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { waitAfterStartup } from '../helpers/wait.js';

// No model credentials from the developer's shell: the runbook path is what these tests pin down.
const env = {
  CLOPUS_LOG_LEVEL: 'silent',
  CLOPUS_DASHBOARD_PORT: '0',
  ANTHROPIC_API_KEY: '',
  ANTHROPIC_AUTH_TOKEN: '',
  CLAUDE_CODE_OAUTH_TOKEN: '',
  CLOPUS_CLAUDE_CREDENTIALS_FILE: '',
};
const start = (...args: string[]) =>
  execa(process.execPath, ['--import', 'tsx', 'src/demo/index.ts', ...args], { reject: false, env, all: true });
const filesOf = (out: string) =>
  /^ {2}Files: (\S+) \(kubeconfig, policy, database\), removed when the demo stops$/m.exec(out)?.[1];

let demo: ResultPromise | undefined;
afterEach(async () => {
  if (demo?.exitCode === null) demo.kill('SIGKILL');
  await demo;
  demo = undefined;
});

describe('npm run demo -- --once', () => {
  it('prints no approve or reject command (they would need the sandbox it stops), says when they are printed, and removes its directory', async () => {
    const run = await start('--once');

    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toMatch(/#\d+ demo-apps\/deployment\/web waits for a person/);
    expect(run.stdout).toContain(
      '    The commands that approve or reject it from another terminal are printed when the demo keeps running\n    (npm run demo, without --once): this run stops its sandbox cluster as it exits.\n',
    );
    expect(run.stdout).not.toMatch(/\b(approve|reject) \d+|npm run clopus|KUBECONFIG=/);
    const dir = filesOf(run.stdout);
    expect(dir).toMatch(/clopus-demo-/);
    expect(existsSync(dir!)).toBe(false);
  }, 120_000);
});

describe('npm run demo, stopped', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s shuts down, exits 0 and removes its directory',
    async (signal) => {
      demo = start();
      let out = '';
      demo.all!.on('data', (d: Buffer) => (out += d.toString()));
      const dir = await waitAfterStartup(
        () => out.length > 0,
        () => out.includes('press Ctrl-C to stop') && filesOf(out),
        { timeoutMs: 60_000, intervalMs: 100, what: 'the demo watching, with its directory named' },
      );
      expect(existsSync(dir)).toBe(true);

      demo.kill(signal);
      const run = await demo;

      expect(run.exitCode, String(run.all)).toBe(0);
      expect(existsSync(dir)).toBe(false);
    },
    240_000,
  );
});
