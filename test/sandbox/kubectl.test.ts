import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  barePod,
  crashLoop,
  deployment,
  rolloutSet,
  type Sandbox,
  startSandbox,
  statefulSet,
  statefulSetStep,
} from '../../src/sandbox/index.js';

const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Runs the real kubectl (async: a synchronous spawn would deadlock this process's server) with a fresh HOME. */
async function kubectl(
  sb: Sandbox,
  args: string[],
  input?: string,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const home = tempDir('clopus-kubectl-home-');
  const config = join(home, 'kubeconfig');
  sb.writeKubeconfig(config);
  const result = await execa('kubectl', ['--kubeconfig', config, ...args], {
    env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    extendEnv: false,
    reject: false,
    ...(input !== undefined ? { input } : {}),
    timeout: 20_000,
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('sandbox with the real kubectl', () => {
  let sb: Sandbox;
  let web: string[];

  beforeEach(async () => {
    sb = await startSandbox();
    web = deployment(sb.cluster, {
      namespace: 'shop',
      name: 'web',
      replicas: 2,
      image: 'nginx:1.27',
      files: { '/etc/app/app.conf': 'port=80\n' },
    }).pods.map((p) => p.metadata.name);
    barePod(sb.cluster, {
      namespace: 'tools',
      name: 'distroless',
      containers: [{ name: 'app', image: 'gcr.io/distroless/static:nonroot', noShell: true }],
    });
  });

  afterEach(async () => {
    await sb.stop();
  });

  it('get pods -A shows namespace, readiness, CrashLoopBackOff status and restarts', async () => {
    crashLoop(sb.cluster, 'shop', web[0] ?? '', { restarts: 4 });

    const { stdout, exitCode } = await kubectl(sb, ['get', 'pods', '-A']);

    const lines = stdout.trim().split('\n');
    expect(exitCode).toBe(0);
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.find((l) => l.includes(web[0] ?? '-'))).toMatch(
      /^shop\s+\S+\s+0\/1\s+CrashLoopBackOff\s+4 \(\d+s ago\)\s+\d+s$/,
    );
    expect(lines.find((l) => l.includes(web[1] ?? '-'))).toMatch(/^shop\s+\S+\s+1\/1\s+Running\s+0\s+\d+s$/);
    expect(lines.some((l) => /^tools\s+distroless\s+1\/1\s+Running/.test(l))).toBe(true);
  });

  it('logs --previous prints the crashed run, and says so when there is none', async () => {
    crashLoop(sb.cluster, 'shop', web[0] ?? '', { logs: { previous: 'loading config\nFATAL: out of memory\n' } });

    const previous = await kubectl(sb, ['logs', '-n', 'shop', web[0] ?? '', '--previous']);
    const none = await kubectl(sb, ['logs', '-n', 'shop', web[1] ?? '', '--previous']);

    expect(previous).toMatchObject({ exitCode: 0, stdout: 'loading config\nFATAL: out of memory' });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain(`previous terminated container "web" in pod "${web[1]}" not found`);
  });

  it('exec -i writes a file from stdin that a later exec reads back', async () => {
    const write = await kubectl(
      sb,
      ['exec', '-i', '-n', 'shop', web[0] ?? '', '--', 'sh', '-c', 'cat > /etc/app/x.conf'],
      'feature=on\nlimit=10\n',
    );
    const read = await kubectl(sb, ['exec', '-n', 'shop', web[0] ?? '', '--', 'cat', '/etc/app/x.conf']);
    const failing = await kubectl(sb, ['exec', '-n', 'shop', web[0] ?? '', '--', 'sh', '-c', 'ls /nope']);
    const noShell = await kubectl(sb, ['exec', '-n', 'tools', 'distroless', '--', 'sh', '-c', 'id']);

    expect(write.exitCode).toBe(0);
    expect(read).toMatchObject({ exitCode: 0, stdout: 'feature=on\nlimit=10' });
    expect(
      sb.cluster
        .files('shop', web[0] ?? '', 'web')
        .get('/etc/app/x.conf')
        ?.toString(),
    ).toBe('feature=on\nlimit=10\n');
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toContain('ls: /nope: No such file or directory');
    expect(failing.stderr).toContain('command terminated with exit code 1');
    expect(noShell.exitCode).not.toBe(0);
    expect(noShell.stderr).toContain('exec: "sh": executable file not found in $PATH');
  });

  it('patch --dry-run=server returns the patched object and leaves the stored one alone', async () => {
    const patch =
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"512Mi"}}}]}}}}';

    const dry = await kubectl(sb, [
      'patch',
      'deployment',
      'web',
      '-n',
      'shop',
      '--dry-run=server',
      '-p',
      patch,
      '-o',
      'json',
    ]);
    const stored = await kubectl(sb, ['get', 'deployment', 'web', '-n', 'shop', '-o', 'json']);

    const dryContainer = (
      JSON.parse(dry.stdout) as {
        spec: { template: { spec: { containers: { image: string; resources: unknown }[] } } };
      }
    ).spec.template.spec.containers[0];
    const storedContainer = (
      JSON.parse(stored.stdout) as { spec: { template: { spec: { containers: { resources: unknown }[] } } } }
    ).spec.template.spec.containers[0];
    expect(dry.exitCode).toBe(0);
    expect(dryContainer).toMatchObject({ image: 'nginx:1.27', resources: { limits: { memory: '512Mi' } } });
    expect(storedContainer?.resources).toEqual({});
    expect(sb.cluster.get('Deployment', 'shop', 'web')?.metadata.generation).toBe(1);
  });

  it('apply of a manifest with a misspelt field fails as the API server fails it (kubectl asks for Strict)', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'typo', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'typo' } },
        template: {
          metadata: { labels: { app: 'typo' } },
          spec: { containers: [{ name: 'typo', image: 'nginx:1.27', redinessProbe: { tcpSocket: { port: 80 } } }] },
        },
      },
    });

    const { stderr, exitCode } = await kubectl(sb, ['apply', '-f', '-'], manifest);

    expect(exitCode).toBe(1);
    expect(stderr).toContain(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].redinessProbe"',
    );
  });

  it('rollout status and rollout history read a StatefulSet as they read a real one', async () => {
    statefulSet(sb.cluster, { namespace: 'data', name: 'db', replicas: 2, image: 'postgres:16.3' });
    sb.cluster.update('StatefulSet', 'data', 'db', (s) => {
      (s.spec as any).template.spec.containers[0].image = 'postgres:16.4';
    });
    statefulSetStep(sb.cluster, 'data', 'db');

    const midway = await kubectl(sb, ['rollout', 'status', 'statefulset/db', '-n', 'data', '--watch=false']);
    rolloutSet(sb.cluster, 'StatefulSet', 'data', 'db');
    const done = await kubectl(sb, ['rollout', 'status', 'statefulset/db', '-n', 'data', '--watch=false']);
    const history = await kubectl(sb, ['rollout', 'history', 'statefulset/db', '-n', 'data']);
    const first = await kubectl(sb, ['rollout', 'history', 'statefulset/db', '-n', 'data', '--revision=1']);

    expect(midway.stdout.trim()).toBe(
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    );
    expect(done.stdout.trim()).toBe('partitioned roll out complete: 2 new pods have been updated...');
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect(first.stdout).toMatch(/Image:\s+postgres:16\.3/);
  });
});

describe('sandbox over TLS with a bearer token', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    sb = await startSandbox({ tls: true, token: 'sandbox-token' });
    deployment(sb.cluster, { namespace: 'secure', name: 'vault', replicas: 1, image: 'hashicorp/vault:1.17' });
  });

  afterAll(async () => {
    await sb.stop();
  });

  it('kubectl verifies the self-signed certificate and sends the token', async () => {
    const { stdout, exitCode } = await kubectl(sb, ['get', 'pods', '-n', 'secure']);

    expect(sb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/vault-\S+\s+1\/1\s+Running\s+0/);
  });

  it('rejects a wrong token with a 401 Status, as kubectl and client-node report it', async () => {
    const home = tempDir('clopus-kubectl-home-');
    const config = join(home, 'kubeconfig');
    sb.writeKubeconfig(config);
    const wrong = await execa('kubectl', ['--kubeconfig', config, '--token', 'wrong', 'get', 'pods', '-A'], {
      env: { HOME: home, PATH: process.env.PATH ?? '' },
      extendEnv: false,
      reject: false,
    });
    const good = sb.kubeConfig();
    const bad = new KubeConfig();
    bad.loadFromOptions({
      clusters: good.clusters,
      contexts: good.contexts,
      currentContext: good.currentContext,
      users: [{ name: 'sandbox', token: 'wrong' }],
    });
    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ca = Buffer.from(good.getCurrentCluster()?.caData ?? '', 'base64');
      get(`${sb.url}/api/v1/pods`, { ca }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    const err = await bad
      .makeApiClient(CoreV1Api)
      .listPodForAllNamespaces()
      .then(
        () => undefined,
        (e: unknown) => e as ApiException<string>,
      );

    expect(wrong.exitCode).toBe(1);
    expect(String(wrong.stderr)).toContain(
      'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
    );
    expect(err).toBeInstanceOf(ApiException);
    expect(err?.code).toBe(401);
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});
