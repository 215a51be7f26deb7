// The demo left running, as a newcomer would: a model fixes the config file, a person approves from another
// terminal, and the pods really recover: the verdicts come from the pods, not from the demo.
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import {
  type AnthropicFake,
  allText,
  reply,
  startAnthropicFake,
  text,
  toolResults,
  toolUse,
} from '../fakes/anthropic.js';
import { waitAfterStartup, waitFor } from '../helpers/wait.js';

const FIXED = 'listen: 8080\nupstream:\n  url: http://orders.demo-apps.svc:8080\n  timeout: 5s\n';
const tool = (name: string) => `mcp__clopus__${name}`;

let demo: ResultPromise | undefined;
let fake: AnthropicFake | undefined;
afterEach(async () => {
  // The demo stops on Ctrl-C: its sandbox, dashboard and model runs end with it.
  // Ctrl-C in a terminal signals the whole foreground process group: npm and the demo under it.
  if (demo?.pid) process.kill(-demo.pid, 'SIGINT');
  await demo?.catch(() => undefined);
  await fake?.close();
}, 60_000);

describe('npm run demo, left running', () => {
  it('applies what a person approves from another terminal, and the api and web pods recover for real', async () => {
    // The model reads the file through the sidecar, then proposes the corrected file for every api pod, planned
    // against the hash it read.
    const pods = (req: Parameters<typeof allText>[0]) => [
      ...new Set(allText(req).match(/api-[a-z0-9]{8,10}-[a-z0-9]{5}/g) ?? []),
    ];
    fake = await startAnthropicFake([
      (req) =>
        reply(
          toolUse(tool('read_file'), { pod: pods(req)[0]!, container: 'config-sync', path: '/etc/api/config.yaml' }),
        ),
      (req) =>
        reply(
          toolUse(tool('propose_fix'), {
            summary: {
              rootCause:
                'Line 4 of /etc/api/config.yaml lacks the colon after "timeout", so the YAML does not parse and api exits.',
              confidence: 'high',
              risk: 'low',
            },
            actions: pods(req).map((pod) => ({
              type: 'edit_file',
              reason: 'Add the missing colon after timeout',
              pod,
              container: 'config-sync',
              path: '/etc/api/config.yaml',
              content: FIXED,
              // The replicas share one config, so the hash read_file reported for one holds for each.
              expectedSha256: /\b([0-9a-f]{64})\b/.exec(toolResults(req)[0]?.text ?? '')?.[1],
            })),
          }),
        ),
      () => reply(text('Proposed the corrected config file.')),
    ]);
    let out = '';
    demo = execa('npm', ['run', '--silent', 'demo'], {
      reject: false,
      all: true,
      detached: true,
      env: {
        CLOPUS_LOG_LEVEL: 'silent',
        CLOPUS_DASHBOARD_PORT: '0',
        ANTHROPIC_API_KEY: 'sk-ant-test-key-0000',
        ANTHROPIC_BASE_URL: fake.url,
        CLOPUS_CLAUDE_CREDENTIALS_FILE: '',
      },
    });
    demo.all!.on('data', (d: Buffer) => (out += d.toString()));
    // What the demo prints is what a newcomer pastes into another terminal; the model's proposal may come later.
    const approveLines =
      /CLOPUS_DB_PATH=(\S+) KUBECONFIG=(\S+) CLOPUS_VERIFY_WINDOW_SECONDS=\d+ \S+\/bin\/clopus\.js approve (\d+) --proposal (\d+)/g;
    // Counted from its first output: npm, tsx and the demo's start on a loaded machine have a budget of their own.
    await waitAfterStartup(
      () => out !== '' || demo!.exitCode !== null,
      () => out.includes('Watching') && [...out.matchAll(approveLines)].length >= 2,
      {
        timeoutMs: 180_000,
        intervalMs: 200,
        who: 'npm run demo',
        what: 'the demo to watch and print two approve commands',
        detail: () => out,
      },
    );
    expect(out).toMatch(/demo-apps\/deployment\/api: proposed by the claude planner/);
    const approvals = [...out.matchAll(approveLines)];
    expect(approvals.map((m) => m[3])).toHaveLength(2);
    // The printed command asks on a terminal; the test is a script, so it confirms with --yes.
    for (const [, db, kubeconfig, id, proposal] of approvals) {
      const run = await runCli(['approve', id!, '--proposal', proposal!, '--yes'], {
        env: { CLOPUS_DB_PATH: db!, KUBECONFIG: kubeconfig!, CLOPUS_LOG_LEVEL: 'silent', USER: 'alice' },
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }

    await waitFor(() => (out.match(/^#\d+: Verified: /gm) ?? []).length === 2, {
      timeoutMs: 90_000,
      intervalMs: 200,
      what: 'two verdicts of Verified',
      detail: () => out,
    });
    expect(out).toMatch(/^#\d+: Verified: deployment\/api in namespace demo-apps: 3 pods Ready/m);
    expect(out).toMatch(/^#\d+: Verified: deployment\/web in namespace demo-apps: 1 pod Ready/m);
    expect(out).not.toContain('correct-horse-battery');
  }, 480_000);
});
