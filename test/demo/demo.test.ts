import { type AddressInfo, createServer } from 'node:net';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { startSlackFake } from '../fakes/slack.js';
import { CHANNEL, slackEnv } from '../slack/harness.js';

// No model credentials from the developer's shell: the demo's runbook path is what this test pins down.
const env = {
  CLOPUS_LOG_LEVEL: 'silent',
  CLOPUS_DASHBOARD_PORT: '0',
  ANTHROPIC_API_KEY: '',
  ANTHROPIC_AUTH_TOKEN: '',
  CLAUDE_CODE_OAUTH_TOKEN: '',
  CLOPUS_CLAUDE_CREDENTIALS_FILE: '',
};
const demo = (extra: Record<string, string> = {}) =>
  execa('npm', ['run', '--silent', 'demo', '--', '--once'], { reject: false, env: { ...env, ...extra } });

describe('npm run demo -- --once', () => {
  it('runs the loop: detects four workloads, fixes and verifies the trusted one, delivers the GitOps one as a merged PR, leaves web waiting for approval', async () => {
    const run = await demo();

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/CrashLoopBackOff in demo-apps\/deployment\/api: 3 pod\(s\)/);
    expect(run.stdout).toMatch(/ImagePullBackOff in demo-apps\/deployment\/web/);
    expect(run.stdout).toMatch(/OOMKilled in demo-trusted\/deployment\/cache: 2 pod\(s\)/);
    expect(run.stdout).toContain(
      'Runbooks cannot fix a broken config file. With ANTHROPIC_API_KEY set, Claude Code would be asked',
    );
    expect(run.stdout).toMatch(/the dashboard is on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('demo-trusted is trusted by the policy rule "demo-trusted"');
    expect(run.stdout).toMatch(
      /Approved by policy:demo-trusted and applied to deployment\/cache in namespace demo-trusted: patched deployment\/cache\./,
    );
    expect(run.stdout).toContain('verified: 2 pods Ready with no new restarts for 5 s after the fix');
    expect(run.stdout).toMatch(/#\d+ demo-apps\/deployment\/web waits for a person/);
    expect(run.stdout).toMatch(/^ {6}-\s+image: example\/web:1\.9\.0-typo\n {6}\+\s+image: example\/web:1\.8\.2$/m);
    expect(run.stdout).toContain(
      'The commands that approve or reject it from another terminal are printed when the demo keeps running',
    );
    expect(run.stdout).toMatch(
      /Summary: .*demo-apps\/deployment\/web proposed \(waiting for approval\).*demo-trusted\/deployment\/cache verified/,
    );
    // The GitOps workload: a PR the policy opened on the local forge, merged as a reviewer would, synced, verified.
    expect(run.stdout).toMatch(/OOMKilled in demo-gitops\/deployment\/orders: 2 pod\(s\)/);
    expect(run.stdout).toContain(
      'is managed by Argo CD app argocd/demo-orders, self-heal on: a live patch would be reverted at the next sync.',
    );
    expect(run.stdout).toMatch(/pushed clopus\/incident-\d+ and opened pull request #1\n/);
    expect(run.stdout).toMatch(/^ {6}-\s+memory: 64Mi\n {6}\+\s+memory: 128Mi$/m);
    expect(run.stdout).toMatch(/merged by demo-reviewer; Argo CD synced [0-9a-f]{12}; Clopus watches the pods for 5 s/);
    expect(run.stdout).toMatch(
      /Summary: .*demo-gitops\/deployment\/orders verified \(pull request opened by the policy, merged, synced by Argo CD, verified\)/,
    );
    expect(run.stdout).not.toContain('correct-horse-battery');
    expect(run.stdout).toContain('Slack: off (set SLACK_BOT_TOKEN');
  }, 90_000);

  it('with Slack tokens set, posts each incident to the channel and brings the trusted one to verified there', async () => {
    const fake = await startSlackFake();
    try {
      const run = await demo({ ...slackEnv(fake, 'http'), CLOPUS_SLACK_PORT: '0' });

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/Slack: posting to C0OPS \(HTTP on port \d+\)/);
      const posts = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts);
      const about = (name: string) => posts.filter((m) => m.text.includes(`deployment/${name}`));
      expect([about('api').length, about('web').length, about('cache').length]).toEqual([1, 1, 1]);
      expect(JSON.stringify(about('cache')[0]!.blocks)).toMatch(/[Vv]erified/);
      const proposal = fake.messages.filter((m) => m.thread_ts === about('web')[0]!.ts);
      expect(JSON.stringify(proposal.map((m) => m.blocks))).toMatch(
        /"action_id":"clopus_approve".*example\/web:1\.8\.2|example\/web:1\.8\.2.*"action_id":"clopus_approve"/,
      );
      expect(JSON.stringify(fake.calls)).not.toContain('correct-horse-battery');
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('when the dashboard port is taken, takes a free one and says which, instead of dying with EADDRINUSE', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as AddressInfo;
    try {
      const run = await demo({ CLOPUS_DASHBOARD_PORT: String(port) });

      expect(run.stderr).not.toMatch(/EADDRINUSE|^\s+at /m);
      expect(run.exitCode).toBe(0);
      const moved = new RegExp(
        `^  Dashboard: port ${port} on 127\\.0\\.0\\.1 is in use by another program, so it took a free one \\((http://127\\.0\\.0\\.1:(\\d+))\\); set CLOPUS_DASHBOARD_PORT to choose\\.$`,
        'm',
      ).exec(run.stdout);
      expect(moved).not.toBeNull();
      expect(Number(moved![2])).not.toBe(port);
      expect(run.stdout).toContain(`the dashboard is on ${moved![1]}`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  }, 60_000);
});
