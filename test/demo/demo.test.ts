import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

describe('npm run demo -- --once', () => {
  it('detects the three broken sandbox workloads, one incident each, and exits 0', async () => {
    const run = await execa('npm', ['run', '--silent', 'demo', '--', '--once'], { reject: false, env: { CLOPUS_LOG_LEVEL: 'silent' } });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/CrashLoopBackOff in demo-apps\/deployment\/api: 3 pod\(s\)/);
    expect(run.stdout).toMatch(/ImagePullBackOff in demo-apps\/deployment\/web/);
    expect(run.stdout).toMatch(/OOMKilled in demo-trusted\/deployment\/cache: 2 pod\(s\)/);
    expect(run.stdout).toContain('3 incidents recorded');
    expect(run.stdout).not.toContain('correct-horse-battery');
  }, 60_000);
});
