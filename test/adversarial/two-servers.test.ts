// Two `clopus serve` processes on one database: the second refuses to start, naming the first, and the first keeps
// posting each incident once. A server killed with SIGKILL leaves its lease behind; the next start on the same host
// sees the dead pid and takes over at once, and `clopus incidents` works beside a running server.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEASE_TTL_MS } from '../../src/cli/commands/serve-lease.js';
import { crashLoop, deployment, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../cli/run.js';
import { type SlackFake, startSlackFake } from '../fakes/slack.js';
import { STARTUP_MS, type WaitOptions, waitFor } from '../helpers/wait.js';
import { slackEnv } from '../slack/harness.js';
import { type ChildRun, runClopus } from './process.js';

const NS = 'shop';
const WATCHING = /clopus: watching/;

let sandbox: Sandbox;
let fake: SlackFake;
let dir: string;
let env: Record<string, string>;
const running: ChildRun[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  fake = await startSlackFake();
  dir = mkdtempSync(join(tmpdir(), 'clopus-two-servers-'));
  sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
  env = {
    ...slackEnv(fake, 'http'),
    HOME: dir,
    KUBECONFIG: join(dir, 'kubeconfig'),
    CLOPUS_DB_PATH: join(dir, 'clopus.db'),
    CLOPUS_NAMESPACES: NS,
  };
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await fake.close();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

function serve(): ChildRun {
  const p = runClopus(['serve'], env);
  running.push(p);
  return p;
}

/** A Deployment whose only pod crash-loops: one incident, one Slack message. */
function crashing(name: string): void {
  const { pods } = deployment(sandbox.cluster, { namespace: NS, name, replicas: 1 });
  crashLoop(sandbox.cluster, NS, pods[0]!.metadata.name, { restarts: 4 });
}

const postsAbout = (name: string) =>
  fake.callsTo('chat.postMessage', { okOnly: true }).filter((c) => String(c.params.text).includes(name));
/** Once a serve watches, its first post about a new incident: the detector, the runbooks and the outbox in turn. */
const POSTED: WaitOptions = { timeoutMs: 60_000 };

/** A lease row as another host's server leaves it, its last heartbeat `ageMs` ago. */
function leaseOf(host: string, pid: number, ageMs: number): void {
  openStore(env.CLOPUS_DB_PATH!).close();
  const db = new Sqlite(env.CLOPUS_DB_PATH!);
  const at = new Date(Date.now() - ageMs).toISOString();
  db.prepare(`INSERT INTO lease (name, host, pid, started_at, heartbeat_at) VALUES ('serve', ?, ?, ?, ?)`).run(
    host,
    pid,
    at,
    at,
  );
  db.close();
}

function lease(): Array<{ host: string; pid: number }> {
  const db = new Sqlite(env.CLOPUS_DB_PATH!, { readonly: true });
  try {
    return db.prepare('SELECT host, pid FROM lease').all() as Array<{ host: string; pid: number }>;
  } finally {
    db.close();
  }
}

// A serve takes seconds to start on a loaded machine (its start-up is waited for apart: process.ts); the outcomes
// matter, not the time.
describe('two clopus serve on one database', { timeout: 300_000 }, () => {
  it('the second refuses with one line naming the first, which keeps posting each incident once', async () => {
    const first = serve();
    await first.waitFor('stderr', WATCHING);
    crashing('api');
    await waitFor(() => postsAbout('api').length > 0, { ...POSTED, what: 'the post about api' });

    const second = serve();
    const exit = await second.exit({ what: 'the second serve to refuse' });

    expect(exit.code).toBe(1);
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^clopus: another clopus serve holds the database ${env.CLOPUS_DB_PATH!.replace(/[.]/g, '\\.')}: pid ${first.pid} on host ${hostname()}, running since \\S+Z \\(last heartbeat \\S+Z\\)\\. ` +
          'Stop it before starting this one; in Kubernetes run the Deployment with 1 replica and strategy Recreate\\.$',
      ),
    );
    expect(lease()).toEqual([{ host: hostname(), pid: first.pid }]);
    crashing('worker');
    await waitFor(() => postsAbout('worker').length > 0, { ...POSTED, what: 'the post about worker' });
    const listed = await runCli(['incidents'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('api');
    expect(listed.stdout).toContain('worker');
    expect(postsAbout('api')).toHaveLength(1);
    expect(postsAbout('worker')).toHaveLength(1);
    expect(fake.topLevel()).toHaveLength(2);
  });

  it('after the holder is killed with SIGKILL, the next start on this host takes over without waiting, and a clean stop releases', async () => {
    const first = serve();
    await first.waitFor('stderr', WATCHING);
    crashing('api');
    await waitFor(() => postsAbout('api').length > 0, { ...POSTED, what: 'the post about api' });
    await first.stop('SIGKILL');
    expect(lease()).toEqual([{ host: hostname(), pid: first.pid }]);

    const next = serve();
    await next.waitFor('stderr', WATCHING);

    expect(lease()).toEqual([{ host: hostname(), pid: next.pid }]);
    crashing('worker');
    await waitFor(() => postsAbout('worker').length > 0, { ...POSTED, what: 'the post about worker' });
    expect(postsAbout('api')).toHaveLength(1);
    expect(await next.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(lease()).toEqual([]);
  });

  it('of two started at once, exactly one serves and the other says who does', async () => {
    const both = [serve(), serve()];

    // Both start from nothing here: the wait covers their start-up, so it has the start-up's budget.
    const exits = await waitFor(() => both.find((p) => p.child.exitCode !== null || p.child.signalCode !== null), {
      timeoutMs: STARTUP_MS,
      what: 'one of the two to refuse and exit',
    });

    const [loser, winner] = exits === both[0] ? both : [both[1]!, both[0]!];
    expect((await loser!.exited).code).toBe(1);
    expect(loser!.stderr()).toContain(
      `holds the database ${env.CLOPUS_DB_PATH}: pid ${winner!.pid} on host ${hostname()}`,
    );
    await winner!.waitFor('stderr', WATCHING);
    expect(lease()).toEqual([{ host: hostname(), pid: winner!.pid }]);
  });

  it('a server whose lease was taken over while it stalled stops, saying who holds the database now', async () => {
    const first = serve();
    await first.waitFor('stderr', WATCHING);

    // What a server on another host leaves after taking over a lease whose heartbeat went stale.
    const db = new Sqlite(env.CLOPUS_DB_PATH!);
    const now = new Date().toISOString();
    db.prepare(`UPDATE lease SET host = 'clopus-7d9f-new', pid = 7, started_at = ?, heartbeat_at = ?`).run(now, now);
    db.close();

    // It notices at its next heartbeat (serve-lease.ts).
    const exit = await first.exit({ timeoutMs: 60_000, what: 'the stalled server to notice and stop' });
    expect(exit.code).toBe(1);
    expect(first.stderr()).toContain(
      `another clopus serve took over the database ${env.CLOPUS_DB_PATH} (now held by pid 7 on host clopus-7d9f-new)`,
    );
    expect(first.stderr()).not.toMatch(/^\s+at /m);
    expect(lease()).toEqual([{ host: 'clopus-7d9f-new', pid: 7 }]);
  });

  it.each([
    ['refuses while a server on another host has a fresh heartbeat', 1_000, false],
    [`starts once the other host's heartbeat is older than ${LEASE_TTL_MS / 1000} s`, LEASE_TTL_MS + 5_000, true],
  ])('%s', async (_name, ageMs, starts) => {
    leaseOf('clopus-7d9f-old', 1, ageMs);

    const p = serve();

    if (starts) {
      await p.waitFor('stderr', WATCHING);
      expect(lease()).toEqual([{ host: hostname(), pid: p.pid }]);
    } else {
      expect((await p.exit({ what: 'the serve to refuse' })).code).toBe(1);
      expect(p.stderr()).not.toMatch(WATCHING);
      expect(p.stderr()).toContain(`holds the database ${env.CLOPUS_DB_PATH}: pid 1 on host clopus-7d9f-old`);
      expect(lease()).toEqual([{ host: 'clopus-7d9f-old', pid: 1 }]);
    }
  });
});
