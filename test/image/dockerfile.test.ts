// The Dockerfile, checked without a Docker engine: what it copies exists and reaches the build context, both stages
// are Node 22, the runtime stage holds only production files and runs as a non-root uid; and the start command
// works from exactly those files — no devDependency (tsx, typescript, vitest) needed at run time.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../src/runner/job/spec.js';
import { crashLoop, deployment, startSandbox } from '../../src/sandbox/index.js';
import { kubectlPodList } from '../cli/kubectl-output.js';
import { waitAfterStartup, waitFor } from '../helpers/wait.js';
import { copies, dockerIgnored, parseDockerfile } from './dockerfile.js';
import { type ProductionInstall, productionInstall } from './production-install.js';

const { stages } = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const ignored = dockerIgnored(readFileSync('.dockerignore', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const runs = (stage: typeof build) =>
  stage.instructions
    .filter((i) => i.op === 'RUN')
    .map((i) => i.args)
    .join('\n');

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((e) => filesUnder(join(path, e)));
}

describe('the Dockerfile', () => {
  it("builds and runs on Node 22 (Debian bookworm, slim), taking only kubectl from the Kubernetes project's image", () => {
    expect(stages.map((s) => s.name)).toEqual(['kubectl', 'build', undefined]);
    for (const stage of [build, runtime]) expect(stage.image).toBe('node:22-bookworm-slim');
    expect(stages[0]!.image).toMatch(/^registry\.k8s\.io\/kubectl:v1\.\d+\.\d+$/);
    expect(stages[0]!.instructions).toEqual([]);
  });

  it('copies from the build context only files that exist and that .dockerignore lets through', () => {
    const fromContext = stages.flatMap((s) => copies(s)).filter((c) => c.from === undefined);

    expect(copies(runtime).filter((c) => c.from === undefined)).toEqual([]);
    for (const source of fromContext.flatMap((c) => c.sources)) {
      expect(existsSync(source), source).toBe(true);
      for (const file of filesUnder(source)) expect(ignored(relative('.', file)), file).toBe(false);
    }
    expect(fromContext.flatMap((c) => c.sources).sort()).toEqual([
      'bin',
      'package-lock.json',
      'package.json',
      'src',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
  });

  it("keeps the checkout's local state out of the build context", () => {
    for (const path of [
      'node_modules/x',
      'dist/cli/index.js',
      'test/k8s/manifests.test.ts',
      'bench/run-all.ts',
      '.git/HEAD',
      'clopus.db',
      'clopus.db-wal',
      'test/artifacts/vitest.json',
      '.env',
      'kubeconfig',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it('builds with npm ci and the build script, then prunes devDependencies before the runtime stage copies anything', () => {
    const script = runs(build);
    const tsconfig = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { compilerOptions: { outDir: string } };

    expect(script).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(script.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('npm run build')).toBeGreaterThan(script.indexOf('npm ci'));
    expect(script.indexOf('npm prune --omit=dev')).toBeGreaterThan(script.indexOf('npm run build'));
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(tsconfig.compilerOptions.outDir).toBe('dist');
  });

  it('gives the runtime stage only package.json, the production node_modules, dist/ and bin/, all made by the build stage', () => {
    const made = new Set([
      ...copies(build).map((c) => c.dest),
      ...copies(build).flatMap((c) => c.sources.map((s) => join(c.dest, s))),
    ]);
    const produced: Record<string, RegExp> = { '/app/node_modules': /npm ci/, '/app/dist': /npm run build/ };

    // kubectl (for kubectl kustomize, the GitOps path's renderer) is the one file from elsewhere.
    const all = copies(runtime);
    expect(all.filter((c) => c.from === 'kubectl')).toEqual([
      expect.objectContaining({ sources: ['/bin/kubectl'], dest: '/usr/local/bin/kubectl' }),
    ]);
    const taken = all.filter((c) => c.from !== 'kubectl');
    expect(taken.map((c) => c.from)).toEqual(taken.map(() => 'build'));
    expect(taken.flatMap((c) => c.sources).sort()).toEqual([
      '/app/bin',
      '/app/dist',
      '/app/node_modules',
      '/app/package.json',
    ]);
    for (const source of taken.flatMap((c) => c.sources))
      expect(made.has(source) || produced[source]?.test(runs(build)), source).toBe(true);
    expect(runs(runtime)).not.toMatch(/\bnpm\b/);
    // Debian's git (the GitOps path clones and pushes with it) is the only package the runtime installs.
    expect(runs(runtime)).toMatch(
      /apt-get install -y --no-install-recommends git ca-certificates \\?\s*&& rm -rf \/var\/lib\/apt\/lists\/\*/,
    );
  });

  it("keeps the Claude Code binary the Agent SDK brings, and fails the build if it or better-sqlite3's binding is missing", () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { optional?: boolean; dev?: boolean; cpu?: string[] }>;
    };

    expect(runs(build)).toContain(
      'test -x "node_modules/@anthropic-ai/claude-agent-sdk-linux-$(node -p process.arch)/claude"',
    );
    expect(runs(build)).toContain(`node -e "new (require('better-sqlite3'))(':memory:').close()"`);
    for (const arch of ['x64', 'arm64'])
      expect(lock.packages[`node_modules/@anthropic-ai/claude-agent-sdk-linux-${arch}`]).toMatchObject({
        optional: true,
        cpu: [arch],
      });
    expect(lock.packages[`node_modules/@anthropic-ai/claude-agent-sdk-linux-x64`]?.dev).toBeUndefined();
  });

  it('runs as uid 10001 — numeric, so the kubelet can check runAsNonRoot — the user the Deployment names', () => {
    const users = runtime.instructions.filter((i) => i.op === 'USER');
    const manifest = parse(readFileSync('k8s/app/deployment.yaml', 'utf8')) as {
      spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } };
    };

    expect(users.at(-1)?.args).toBe('10001:10001');
    expect(runs(runtime)).toMatch(/useradd .*--uid 10001 /);
    expect(manifest.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
  });

  it("starts `clopus serve`, and puts `clopus` on PATH for the diagnosis Jobs' command", () => {
    const last = (op: string) => runtime.instructions.filter((i) => i.op === op).at(-1)?.args;

    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual(['node', '/app/bin/clopus.js']);
    expect(JSON.parse(last('CMD')!)).toEqual(['serve']);
    expect(COMMAND[0]).toBe('clopus');
    expect(runs(runtime)).toContain('ln -s /app/bin/clopus.js /usr/local/bin/clopus');
    expect(runs(build)).toContain('chmod 0755 bin/clopus.js');
  });
});

/** Building dist/ with tsc and laying out node_modules: CPU-bound, so many times slower on a loaded machine. */
const INSTALL_MS = 600_000;
/** A test that starts node processes from the install: only a guard against a hang. */
const PROCESS_TEST_MS = 180_000;

describe('the start command, from a production install', { timeout: PROCESS_TEST_MS }, () => {
  const root = mkdtempSync(join(tmpdir(), 'clopus-image-'));
  const app = join(root, 'app');
  const home = join(root, 'home');
  const pathDir = join(root, 'usr-local-bin');
  let install: ProductionInstall;
  // Only what the image has: node on PATH (here the test's own node), a HOME, nothing from the checkout.
  const env = () => ({ PATH: `${pathDir}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home });
  const clopus = (args: string[], opts: { input?: string; extra?: Record<string, string> } = {}) =>
    execa('node', [join(app, 'bin/clopus.js'), ...args], {
      cwd: app,
      env: { ...env(), ...opts.extra },
      extendEnv: false,
      reject: false,
      timeout: PROCESS_TEST_MS,
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });

  beforeAll(async () => {
    install = await productionInstall(process.cwd(), app, { timeoutMs: INSTALL_MS });
    mkdirSync(home);
    mkdirSync(pathDir);
    symlinkSync(join(app, 'bin/clopus.js'), join(pathDir, 'clopus'));
  }, INSTALL_MS);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('cannot resolve tsx, typescript or vitest, and has no src/ (so bin/clopus.js runs dist/)', async () => {
    const probe = await execa(
      'node',
      [
        '--input-type=module',
        '-e',
        "for (const m of ['tsx', 'typescript', 'vitest']) { try { await import(m); console.log('found', m); } catch { console.log('missing', m); } }",
      ],
      { cwd: app, env: env(), extendEnv: false },
    );

    expect(probe.stdout.split('\n')).toEqual(['missing tsx', 'missing typescript', 'missing vitest']);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(install.packages).toContain('node_modules/better-sqlite3');
    expect(install.packages.filter((p) => /node_modules\/(tsx|typescript|vitest)$/.test(p))).toEqual([]);
  });

  it('prints the help', async () => {
    const run = await clopus(['help']);

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('clopus serve [--kubeconfig FILE]');
    expect(run.stdout).toContain('clopus diagnose --input FILE');
  });

  it('triages a pod list from standard input', async () => {
    const run = await clopus(['triage', '-'], { input: JSON.stringify(kubectlPodList()) });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/shop\s+deployment\/api\s+api-7d9f8b6c5d-x2x4q\s+app\s+CrashLoopBackOff/);
    expect(run.stdout).toContain('3 pods, 2 findings');
  });

  it('runs as `clopus` from PATH through the symlink, as a diagnosis Job does', async () => {
    const run = await execa('clopus', ['help'], { cwd: home, env: env(), extendEnv: false, reject: false });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Usage:');
  });

  it('serves against a cluster, records an incident in SQLite, and stops cleanly on SIGTERM', async () => {
    const sandbox = await startSandbox();
    try {
      sandbox.writeKubeconfig(join(root, 'kubeconfig'));
      const api = deployment(sandbox.cluster, { namespace: 'shop', name: 'api', replicas: 1 });
      crashLoop(sandbox.cluster, 'shop', api.pods[0]!.metadata.name, { restarts: 4 });
      const extra = {
        KUBECONFIG: join(root, 'kubeconfig'),
        CLOPUS_DB_PATH: join(root, 'clopus.db'),
        CLOPUS_LOG_LEVEL: 'warn',
        CLOPUS_DASHBOARD_PORT: '0',
      };

      const serving = clopus(['serve'], { extra });
      let stderr = '';
      serving.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      let listed = '';
      try {
        // Counted from its first output line: the start-up on a loaded machine has a budget of its own.
        await waitAfterStartup(
          () => stderr !== '' || serving.exitCode !== null,
          () => stderr.includes('clopus: watching'),
          { timeoutMs: 30_000, who: 'clopus serve', what: 'clopus serve to watch' },
        );
        await waitFor(
          async () => (listed = (await clopus(['incidents'], { extra })).stdout).includes('CrashLoopBackOff'),
          { timeoutMs: 60_000, intervalMs: 250, what: '`clopus incidents` to list the crash loop' },
        );
      } finally {
        serving.kill('SIGTERM');
      }
      const served = await serving;

      expect(stderr).toContain('clopus: watching 1 pods in all namespaces');
      expect(listed).toMatch(/shop\s+deployment\/api\s+CrashLoopBackOff/);
      expect(served.exitCode).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });

  it('has the Claude Code binary for this platform, executable', async () => {
    const binary = join(app, `node_modules/@anthropic-ai/claude-agent-sdk-linux-${process.arch}/claude`);
    const sdk = JSON.parse(
      readFileSync(join(app, 'node_modules/@anthropic-ai/claude-agent-sdk/package.json'), 'utf8'),
    ) as { claudeCodeVersion: string };

    expect(statSync(binary).mode & 0o111).not.toBe(0);
    const run = await execa(binary, ['--version'], {
      cwd: home,
      env: env(),
      extendEnv: false,
      timeout: PROCESS_TEST_MS,
    });
    expect(run.stdout).toContain(sdk.claudeCodeVersion);
  });
});
