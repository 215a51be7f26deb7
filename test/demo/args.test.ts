// The demo's own flags: --help prints the usage and exits 0; a wrong flag is one sentence and exit 2, no stack.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const demo = (...args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/demo/index.ts', ...args], { reject: false, timeout: 60_000 });

describe('npm run demo -- FLAGS', () => {
  it('prints its usage for --help and starts nothing', async () => {
    const run = await demo('--help');

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run demo \[-- \[--once\] \[--db FILE\]\]\n {2}--once/);
    expect(run.stdout).not.toMatch(/sandbox|Detected/);
  });

  it('refuses an unknown flag in one sentence with the usage', async () => {
    const run = await demo('--frob');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^demo: Unknown option '--frob'[^\n]*\nusage: npm run demo/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
