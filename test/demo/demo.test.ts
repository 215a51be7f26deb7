import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// No model credentials from the developer's shell: the demo's runbook path is what this test pins down.
const env = { CLOPUS_LOG_LEVEL: 'silent', CLOPUS_DASHBOARD_PORT: '0', ANTHROPIC_API_KEY: '', ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_OAUTH_TOKEN: '', CLOPUS_CLAUDE_CREDENTIALS_FILE: '' };

describe('npm run demo -- --once', () => {
  it('runs the loop: detects three workloads, fixes and verifies the trusted one, leaves web waiting for approval', async () => {

    const run = await execa('npm', ['run', '--silent', 'demo', '--', '--once'], { reject: false, env });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/CrashLoopBackOff in demo-apps\/deployment\/api: 3 pod\(s\)/);
    expect(run.stdout).toMatch(/ImagePullBackOff in demo-apps\/deployment\/web/);
    expect(run.stdout).toMatch(/OOMKilled in demo-trusted\/deployment\/cache: 2 pod\(s\)/);
    expect(run.stdout).toContain('Runbooks cannot fix a broken config file. With ANTHROPIC_API_KEY set, Claude Code would be asked');
    expect(run.stdout).toMatch(/the dashboard is on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('demo-trusted is trusted by the policy rule "demo-trusted"');
    expect(run.stdout).toMatch(/Approved by policy:demo-trusted and applied to deployment\/cache in namespace demo-trusted: patched deployment\/cache\./);
    expect(run.stdout).toContain('verified: 2 pods Ready with no new restarts for 5 s after the fix');
    expect(run.stdout).toMatch(/#\d+ demo-apps\/deployment\/web waits for a person/);
    expect(run.stdout).toMatch(/^ {6}-\s+image: example\/web:1\.9\.0-typo\n {6}\+\s+image: example\/web:1\.8\.2$/m);
    expect(run.stdout).toMatch(/CLOPUS_DB_PATH=\S+ KUBECONFIG=\S+ npm run clopus -- approve \d+/);
    expect(run.stdout).toMatch(/Summary: .*demo-apps\/deployment\/web proposed \(waiting for approval\).*demo-trusted\/deployment\/cache verified/);
    expect(run.stdout).not.toContain('correct-horse-battery');
  }, 60_000);
});
