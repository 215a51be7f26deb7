import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
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
const demo = (extra: Record<string, string> = {}, args: string[] = []) =>
  execa('npm', ['run', '--silent', 'demo', '--', '--once', ...args], { reject: false, env: { ...env, ...extra } });
/** No Slack secret from the developer's shell either: the demo then brings its Slack fake and its reviewer. */
const noSlack = { SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' };

/** A page as a person reads it: tags gone, entities decoded, whitespace collapsed. */
const read = (markup: string): string =>
  markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('npm run demo -- --once', () => {
  it('runs the loop: detects five workloads, fixes and verifies the trusted one, delivers the GitOps one as a merged PR, revises and verifies the indexer through the Slack fake, leaves web waiting for approval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clopus-demo-test-'));
    const db = join(dir, 'demo.db');
    try {
      await runsTheLoop(db);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  async function runsTheLoop(db: string): Promise<void> {
    const run = await demo(noSlack, ['--db', db]);

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
    // Issue 15 end to end, in the Slack fake: proposal → Request changes ("use 256Mi") → revised proposal → Approve.
    expect(run.stdout).toMatch(
      /Slack: no workspace \(no SLACK_BOT_TOKEN\), so the app's own Slack runs in HTTP mode on port \d+ against the sandbox's Slack fake/,
    );
    expect(run.stdout).toMatch(/OOMKilled in demo-apps\/deployment\/indexer: 1 pod\(s\)/);
    const review = run.stdout.slice(run.stdout.indexOf('Review in Slack:'));
    expect(review).toMatch(/^ {6}-\s+memory: 64Mi\n {6}\+\s+memory: 128Mi$/m);
    expect(review).toContain('so at 128Mi it would be OOMKilled again. The reviewer asks for 256Mi.');
    expect(review).toMatch(/demo-reviewer clicks Request changes on proposal #\d+ in the incident's thread/);
    expect(review).toContain('The app opens its modal');
    expect(review).toContain('“use 256Mi, not 128Mi — that is still below what the indexer loads”');
    expect(review).toMatch(/Changes requested: revision 1 by slack:U0REVIEWER; proposal #\d+ is superseded/);
    expect(review).toMatch(/Revised proposal #\d+ by the runbook planner, posted in the thread/);
    expect(review).toMatch(/^ {6}-\s+memory: 64Mi\n {6}\+\s+memory: 256Mi$/m);
    expect(review).toMatch(/What changed since proposal #\d+/);
    expect(review).toMatch(/^ {6}- memory: 128Mi$/m);
    expect(review).toMatch(/^ {6}\+ memory: 256Mi$/m);
    expect(review).toMatch(/demo-reviewer clicks Approve on proposal #\d+/);
    expect(review).toContain('approved by slack:U0REVIEWER and applied');
    expect(review).toContain('verified: 1 pod Ready with no new restarts for 5 s after the fix');
    // A question in the thread is answered there: with no model credentials, by the one sentence saying so.
    expect(review).toContain('demo-reviewer asks in the thread: “@Clopus why was 128Mi not enough?”');
    expect(review).toMatch(
      /Clopus answers in the thread, visible only to the asker:\n {6}.*Clopus cannot answer questions here: no model credentials are configured/,
    );
    expect(review).toMatch(/is on the dashboard: http:\/\/127\.0\.0\.1:\d+\/incidents\/\d+/);
    expect(run.stdout).toMatch(
      /Summary: .*demo-apps\/deployment\/indexer verified \(changes requested in Slack, revised, approved, verified\)/,
    );

    // What the store keeps: the request as a revision row, the first proposal superseded, the revised one applied.
    const store = openStore(db, { logger: silentLogger() });
    try {
      const indexer = store
        .listIncidents({ limit: 50, offset: 0, order: 'created_asc' })
        .items.find((i) => i.workloadName === 'indexer')!;
      expect(indexer.state).toBe('verified');
      const revisions = store.revisionsOf(indexer.id);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]).toMatchObject({
        number: 1,
        requestedBy: 'slack:U0REVIEWER',
        via: 'slack',
        request: 'use 256Mi, not 128Mi — that is still below what the indexer loads',
      });
      expect(store.getProposal(revisions[0]!.proposalId)?.status).toBe('superseded');
      const after = store.getProposal(revisions[0]!.proposalAfterId!)!;
      expect(after.diff).toMatch(/\+\s+memory: 256Mi/);
      expect(after.status).not.toMatch(/pending|superseded/);
      expect(store.auditTrail(indexer.id).map((a) => a.action)).toContain('request_changes');
      expect(store.answersOf(indexer.id)).toMatchObject([
        { askedBy: 'slack:U0REVIEWER', question: 'why was 128Mi not enough?', status: 'refused', costUsd: 0 },
      ]);

      // The whole history on the incident's dashboard page.
      const dashboard = await startDashboard({ store, logger: silentLogger(), port: 0, host: '127.0.0.1' });
      try {
        const page = read(await (await fetch(`${dashboard.url}/incidents/${indexer.id}`)).text());
        expect(page).toContain('use 256Mi, not 128Mi — that is still below what the indexer loads');
        expect(page).toMatch(/superseded/i);
        expect(page).toMatch(/What changed/);
        expect(page).toContain('why was 128Mi not enough?');
        expect(page).toMatch(/verified/i);
      } finally {
        await dashboard.close();
      }
    } finally {
      store.close();
    }
  }

  it('with Slack tokens set, posts each incident to the channel and brings the trusted one to verified there', async () => {
    const fake = await startSlackFake();
    try {
      const run = await demo({ ...slackEnv(fake, 'http'), CLOPUS_SLACK_PORT: '0' });

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/Slack: posting to C0OPS \(HTTP on port \d+\)/);
      const posts = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts);
      const about = (name: string) => posts.filter((m) => m.text.includes(`deployment/${name}`));
      expect([about('api').length, about('web').length, about('cache').length, about('indexer').length]).toEqual([
        1, 1, 1, 1,
      ]);
      // A real workspace gets no scripted reviewer: the indexer waits for a person there, like web.
      expect(run.stdout).not.toContain('Review in Slack');
      expect(run.stdout).toMatch(/#\d+ demo-apps\/deployment\/indexer waits for a person/);
      expect(fake.views.modals()).toEqual([]);
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
