// The demo left running: the GitOps workload's PR stays open (a policy never merges) until a person sends the
// printed merge command, the GitHub API call behind the merge button; then the sandbox's Argo CD syncs the merge
// commit, the pods heal, and the demo reports the verdict the pods gave.
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { waitAfterStartup, waitFor } from '../helpers/wait.js';

let demo: ResultPromise | undefined;
afterEach(async () => {
  if (demo?.pid) process.kill(-demo.pid, 'SIGINT');
  await demo?.catch(() => undefined);
}, 60_000);

describe('npm run demo, left running, with the GitOps workload', () => {
  it('heals orders only after the printed merge command is sent', async () => {
    let out = '';
    demo = execa('npm', ['run', '--silent', 'demo'], {
      reject: false,
      all: true,
      detached: true,
      env: {
        CLOPUS_LOG_LEVEL: 'silent',
        CLOPUS_DASHBOARD_PORT: '0',
        ANTHROPIC_API_KEY: '',
        ANTHROPIC_AUTH_TOKEN: '',
        CLAUDE_CODE_OAUTH_TOKEN: '',
        CLOPUS_CLAUDE_CREDENTIALS_FILE: '',
      },
    });
    demo.all!.on('data', (d: Buffer) => (out += d.toString()));
    const merge =
      /^ {6}(curl -sS -X PUT -H 'Authorization: token (\S+)' (http:\/\/127\.0\.0\.1:\d+\/repos\/demo\/manifests\/pulls\/1\/merge))$/m;
    await waitAfterStartup(
      () => out !== '' || demo!.exitCode !== null,
      () => out.includes('Watching') && merge.test(out),
      {
        timeoutMs: 180_000,
        intervalMs: 200,
        who: 'npm run demo',
        what: 'the printed merge command',
        detail: () => out,
      },
    );
    expect(out).toMatch(/opened pull request #1\n/);
    expect(out).toMatch(
      /Summary: .*demo-gitops\/deployment\/orders pr_open \(pull request open, waiting for a merge\)/,
    );
    expect(out).not.toMatch(/^#\d+: Verified: deployment\/orders/m);

    const [, , token, url] = merge.exec(out)!;
    // What the printed command does, sent as the newcomer's curl would send it.
    const merged = await execa('curl', ['-sS', '-X', 'PUT', '-H', `Authorization: token ${token}`, url!]);
    expect(JSON.parse(merged.stdout)).toMatchObject({ merged: true });

    await waitFor(() => /^#\d+: Verified: deployment\/orders in namespace demo-gitops: 2 pods Ready/m.test(out), {
      timeoutMs: 90_000,
      intervalMs: 200,
      what: 'the verdict on orders after the merge',
      detail: () => out,
    });
  }, 300_000);
});
