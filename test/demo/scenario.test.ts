// The demo's pods depend on their real causes: kubectl fixes (or fails to fix) the cause, and the pods follow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { behaviours, buildScenario, GUARDED, TRUSTED } from '../../src/demo/scenario.js';
import { ClusterState, type Sandbox, simulate, startSandbox } from '../../src/sandbox/index.js';
import { settle, waitFor } from '../helpers/wait.js';

/** Each poll runs kubectl, a process of its own: slow on a loaded machine, so the budgets only guard against a hang. */
const KUBECTL_WAIT_MS = 60_000;
/** How long the pods are left alone to show that they stay broken while nothing is fixed. */
const STAYS_MS = 500;
const FIXED_CONFIG = 'listen: 8080\nupstream:\n  url: http://orders.demo-apps.svc:8080\n  timeout: 5s\n';

let sandbox: Sandbox;
let dir: string;
let stop: () => void;

async function kubectl(...args: string[]): Promise<string> {
  const r = await execa('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), ...args], { input: '', reject: false });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The pods of one app, as kubectl shows their state: name → "Running" / the waiting reason. */
async function states(ns: string, app: string): Promise<Record<string, string>> {
  const list = JSON.parse(await kubectl('get', 'pods', '-n', ns, '-l', `app=${app}`, '-o', 'json')) as { items: any[] };
  return Object.fromEntries(
    list.items.map((p) => {
      const s = p.status.containerStatuses.find((c: any) => c.name === app);
      return [p.metadata.name, s.state.running && s.ready ? 'Running' : (s.state.waiting?.reason ?? 'other')];
    }),
  );
}

const all = (want: string) => (s: Record<string, string>) =>
  Object.keys(s).length > 0 && Object.values(s).every((v) => v === want);

/** Waits until every pod of the app is in state `want`, and returns their states. */
async function reach(ns: string, app: string, want: string): Promise<Record<string, string>> {
  let last: Record<string, string> = {};
  await waitFor(async () => all(want)((last = await states(ns, app))), {
    timeoutMs: KUBECTL_WAIT_MS,
    intervalMs: 100,
    what: `every ${app} pod ${want}`,
    detail: () => last,
  });
  return last;
}

beforeEach(async () => {
  const cluster = new ClusterState();
  buildScenario(cluster);
  stop = simulate(cluster, behaviours, { rolloutDelayMs: 20, retryMs: 100 });
  sandbox = await startSandbox({ cluster });
  dir = mkdtempSync(join(tmpdir(), 'clopus-scenario-'));
  sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
});

afterEach(async () => {
  stop();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo cluster', { timeout: 3 * KUBECTL_WAIT_MS }, () => {
  it('starts with api crash-looping, cache and indexer OOM-killed and web unable to pull, and keeps them so while nothing is fixed', async () => {
    await settle(STAYS_MS);

    expect(Object.values(await states(GUARDED, 'api'))).toEqual([
      'CrashLoopBackOff',
      'CrashLoopBackOff',
      'CrashLoopBackOff',
    ]);
    expect(Object.values(await states(TRUSTED, 'cache'))).toEqual(['CrashLoopBackOff', 'CrashLoopBackOff']);
    expect(Object.values(await states(GUARDED, 'web'))).toEqual(['ImagePullBackOff']);
    expect(Object.values(await states(GUARDED, 'indexer'))).toEqual(['CrashLoopBackOff']);
    const indexer = Object.keys(await states(GUARDED, 'indexer'))[0]!;
    expect(await kubectl('logs', '-n', GUARDED, indexer, '--previous')).toContain(
      'opening index at /var/lib/indexer/catalogue: 14 segments, 198.6 MiB',
    );
    const api = Object.keys(await states(GUARDED, 'api'))[0]!;
    expect(await kubectl('logs', '-n', GUARDED, api, '-c', 'api', '--previous')).toContain(
      'FATAL: /etc/api/config.yaml line 4: Implicit map keys need to be followed by map values',
    );
  });

  it('keeps cache OOM-killed under a limit that is still too low, and runs it once the limit is enough', async () => {
    await kubectl(
      'set',
      'resources',
      'deployment/cache',
      '-n',
      TRUSTED,
      '--limits=memory=96Mi',
      '--requests=memory=96Mi',
    );
    await waitFor(
      async () =>
        (await kubectl(
          'get',
          'pods',
          '-n',
          TRUSTED,
          '-o',
          'jsonpath={.items[*].spec.containers[0].resources.limits.memory}',
        )) === '96Mi 96Mi',
      { timeoutMs: KUBECTL_WAIT_MS },
    );
    await settle(STAYS_MS);
    expect(Object.values(await states(TRUSTED, 'cache'))).toEqual(['CrashLoopBackOff', 'CrashLoopBackOff']);
    const pod = Object.keys(await states(TRUSTED, 'cache'))[0]!;
    expect(
      await kubectl(
        'get',
        'pod',
        pod,
        '-n',
        TRUSTED,
        '-o',
        'jsonpath={.status.containerStatuses[0].lastState.terminated.reason}',
      ),
    ).toBe('OOMKilled');

    await kubectl(
      'set',
      'resources',
      'deployment/cache',
      '-n',
      TRUSTED,
      '--limits=memory=128Mi',
      '--requests=memory=128Mi',
    );

    expect(Object.values(await reach(TRUSTED, 'cache', 'Running'))).toHaveLength(2);
  });

  it("keeps indexer OOM-killed at the runbook's doubled 128Mi, and runs it at the 256Mi its reviewer asks for", async () => {
    const limits = () =>
      kubectl(
        'get',
        'pods',
        '-n',
        GUARDED,
        '-l',
        'app=indexer',
        '-o',
        'jsonpath={.items[*].spec.containers[0].resources.limits.memory}',
      );
    await kubectl(
      'set',
      'resources',
      'deployment/indexer',
      '-n',
      GUARDED,
      '--limits=memory=128Mi',
      '--requests=memory=128Mi',
    );
    await waitFor(async () => (await limits()) === '128Mi', { timeoutMs: KUBECTL_WAIT_MS });
    await settle(STAYS_MS);
    expect(Object.values(await states(GUARDED, 'indexer'))).toEqual(['CrashLoopBackOff']);
    const pod = Object.keys(await states(GUARDED, 'indexer'))[0]!;
    expect(
      await kubectl(
        'get',
        'pod',
        pod,
        '-n',
        GUARDED,
        '-o',
        'jsonpath={.status.containerStatuses[0].lastState.terminated.reason}',
      ),
    ).toBe('OOMKilled');

    await kubectl(
      'set',
      'resources',
      'deployment/indexer',
      '-n',
      GUARDED,
      '--limits=memory=256Mi',
      '--requests=memory=256Mi',
    );

    expect(Object.values(await reach(GUARDED, 'indexer', 'Running'))).toHaveLength(1);
  });

  it('keeps web pulling while its tag is missing, and runs it on a tag the registry has', async () => {
    await kubectl('set', 'image', 'deployment/web', '-n', GUARDED, 'web=example/web:1.9.0');
    await waitFor(
      async () =>
        (await kubectl(
          'get',
          'pods',
          '-n',
          GUARDED,
          '-l',
          'app=web',
          '-o',
          'jsonpath={.items[*].spec.containers[0].image}',
        )) === 'example/web:1.9.0',
      { timeoutMs: KUBECTL_WAIT_MS },
    );
    await settle(STAYS_MS);
    expect(Object.values(await states(GUARDED, 'web'))).toEqual(['ImagePullBackOff']);

    await kubectl('set', 'image', 'deployment/web', '-n', GUARDED, 'web=example/web:1.8.2');

    await reach(GUARDED, 'web', 'Running');
  });

  it('restarts api cleanly only in the pods whose shared config file was fixed, and a deleted pod comes back with its volume', async () => {
    const [first, second, third] = Object.keys(await states(GUARDED, 'api'));
    const write = (pod: string, text: string) =>
      kubectl(
        'exec',
        '-n',
        GUARDED,
        pod!,
        '-c',
        'config-sync',
        '-i',
        '--',
        'sh',
        '-c',
        `printf '%s' "$1" > /etc/api/config.yaml`,
        'sh',
        text,
      );
    await write(first!, FIXED_CONFIG);
    await write(second!, 'listen: 8080\n');

    await waitFor(async () => (await states(GUARDED, 'api'))[first!] === 'Running', {
      timeoutMs: KUBECTL_WAIT_MS,
      intervalMs: 100,
    });
    await settle(STAYS_MS);
    const now = await states(GUARDED, 'api');
    expect([now[first!], now[second!], now[third!]]).toEqual(['Running', 'CrashLoopBackOff', 'CrashLoopBackOff']);
    expect(await kubectl('logs', '-n', GUARDED, second!, '-c', 'api', '--previous')).toContain(
      'FATAL: /etc/api/config.yaml: upstream.url is required',
    );

    await write(third!, FIXED_CONFIG);
    await kubectl('delete', 'pod', third!, '-n', GUARDED, '--wait=false');

    const after = await waitFor(
      async () => {
        const s = await states(GUARDED, 'api');
        return Object.keys(s).length === 3 &&
          !(third! in s) &&
          Object.values(s).filter((v) => v === 'Running').length === 2
          ? s
          : undefined;
      },
      { timeoutMs: KUBECTL_WAIT_MS, intervalMs: 100 },
    );
    expect(after).toBeDefined();
    const replacement = Object.keys(after!).find((p) => p !== first && p !== second)!;
    expect(
      await kubectl('exec', '-n', GUARDED, replacement, '-c', 'config-sync', '--', 'cat', '/etc/api/config.yaml'),
    ).toBe(FIXED_CONFIG.trimEnd());
  });
});
