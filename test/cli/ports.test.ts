// A port another program holds: `clopus serve` refuses in one sentence naming the port and the variable that
// chooses another (the dashboard's and Slack's HTTP receiver's alike), exits 2, and prints no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackFake, startSlackFake } from '../fakes/slack.js';
import { slackEnv } from '../slack/harness.js';
import { runCli } from './run.js';

const BIN = fileURLToPath(new URL('../../bin/clopus.js', import.meta.url));
let dir: string;
let kubeconfig: string;
let busy: Server;
let port: number;
let fake: SlackFake;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clopus-ports-'));
  // serve stops at its listeners, before it ever calls the API server.
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`,
  );
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  port = (busy.address() as AddressInfo).port;
  fake = await startSlackFake();
});

afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

let dbs = 0;
/** Each run its own database. */
const env = (extra: Record<string, string>) => ({
  CLOPUS_DB_PATH: join(dir, `clopus-${++dbs}.db`),
  CLOPUS_LOG_LEVEL: 'silent',
  HOME: dir,
  ...extra,
});
const dashboardBusy = () =>
  `Port ${port} on 127.0.0.1, where the dashboard listens, is already in use: set CLOPUS_DASHBOARD_PORT to a free port, or to 0 for any free one.`;

describe('clopus serve on a port that is taken', () => {
  it('refuses when the dashboard port is taken', async () => {
    const run = await runCli(['serve', '--kubeconfig', kubeconfig], {
      env: env({ CLOPUS_DASHBOARD_PORT: String(port) }),
    });

    expect(run).toEqual({ code: 2, stdout: '', stderr: `clopus: ${dashboardBusy()}\n` });
  });

  it("refuses when Slack's HTTP port is taken", async () => {
    const run = await runCli(['serve', '--kubeconfig', kubeconfig], {
      env: env({ ...slackEnv(fake, 'http'), CLOPUS_SLACK_PORT: String(port), CLOPUS_DASHBOARD_PORT: '0' }),
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `clopus: Port ${port}, where Slack's HTTP receiver listens, is already in use: set CLOPUS_SLACK_PORT to a free port (and the app's Request URL to match), or to 0 for any free one.\n`,
    );
  });

  it('says the same through the executable, with no stack trace', async () => {
    const run = await execa(process.execPath, [BIN, 'serve', '--kubeconfig', kubeconfig], {
      reject: false,
      timeout: 60_000,
      extendEnv: false,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env({ CLOPUS_DASHBOARD_PORT: String(port) }) },
    });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`clopus: ${dashboardBusy()}`);
  }, 60_000);
});
