import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { kubectlPodList } from './kubectl-output.js';
import { runCli } from './run.js';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clopus-triage-')), name);
  writeFileSync(file, text);
  return file;
}

describe('clopus triage', () => {
  it('classifies kubectl JSON from a file into findings with their workloads', async () => {
    const file = tempFile('pods.json', JSON.stringify(kubectlPodList()));

    const run = await runCli(['triage', file, '--output', 'json']);

    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(findings).toEqual([
      expect.objectContaining({
        namespace: 'shop',
        pod: 'api-7d9f8b6c5d-x2x4q',
        container: 'app',
        reason: 'CrashLoopBackOff',
        workload: 'deployment/api',
      }),
      expect.objectContaining({
        namespace: 'shop',
        pod: 'worker-0',
        container: 'app',
        reason: 'OOMKilled',
        workload: 'statefulset/worker',
      }),
    ]);
    for (const f of findings) expect(f.message).toEqual(expect.any(String));
  });

  it('reads standard input and prints a table', async () => {
    const run = await runCli(['triage', '-'], { stdin: JSON.stringify(kubectlPodList()) });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/NAMESPACE\s+WORKLOAD\s+POD/);
    expect(run.stdout).toMatch(/shop\s+deployment\/api\s+api-7d9f8b6c5d-x2x4q\s+app\s+CrashLoopBackOff\s+7/);
    expect(run.stdout).toContain('3 pods, 2 findings');
  });

  it.each([
    ['not JSON', 'this is not json', /is not JSON .*kubectl get pods -A -o json/],
    ['the wrong kind', '{"kind":"Nope"}', /./],
    ['a number', '42', /./],
  ])('refuses %s with a clear message and exit 2, no stack trace', async (_, input, message) => {
    const run = await runCli(['triage', '-'], { stdin: input });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^clopus: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing file', async () => {
    const run = await runCli(['triage', '/nonexistent/pods.json']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/pods.json: ENOENT');
  });

  it('rejects an unknown flag and an unknown command with usage', async () => {
    const flag = await runCli(['triage', '--colour']);
    const command = await runCli(['tirage']);

    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('usage: clopus triage');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "tirage"');
  });

  it('runs as the installed `clopus` executable', async () => {
    const file = tempFile('pods.json', JSON.stringify(kubectlPodList()));

    const run = await execa('node', ['bin/clopus.js', 'triage', file, '-o', 'json'], { reject: false });

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });
});
