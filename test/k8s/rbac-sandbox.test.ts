// The RBAC of k8s/ is enough for what the bot really does, and no more: `clopus serve`, `clopus approve` and the
// diagnosis Job runner run against the sandbox while it authorizes every request with the rendered Roles and
// bindings (resourceNames included), as the API server would for the service account clopus/clopus, and answers
// 403 to the rest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentState } from '../../src/core/index.js';
import { silentLogger } from '../../src/logger.js';
import { loadLatestProposal } from '../../src/planner/proposal/stored.js';
import { JobRunner } from '../../src/runner/runners.js';
import type { Verb } from '../../src/sandbox/faults.js';
import { StatusError } from '../../src/sandbox/http/status.js';
import { autoRollout, crashLoop, deployment, oomKilled, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import type { ResourceDef } from '../../src/sandbox/kinds.js';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../cli/run.js';
import { BOT_NS, startWorld } from '../fixer/runner/harness.js';
import { waitFor } from '../helpers/wait.js';
import { type Doc, envValue, grants, render } from './kustomize.js';

const variants = new Map<string, Doc[]>();
beforeAll(async () => {
  for (const dir of ['k8s', 'k8s/overlays/actions', 'k8s/overlays/all-namespaces', 'k8s/overlays/job-runner'])
    variants.set(dir, await render(dir));
});

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;
let requests: Array<{ key: string; allowed: boolean }>;
const stops: Array<() => void> = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'clopus-rbac-'));
  sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
  env = {
    CLOPUS_DB_PATH: join(dir, 'clopus.db'),
    CLOPUS_LOG_LEVEL: 'silent',
    CLOPUS_VERIFY_WINDOW_SECONDS: '1',
    KUBECONFIG: join(dir, 'kubeconfig'),
    CLOPUS_DASHBOARD_PORT: '0',
  };
  requests = [];
  // Watched by the base: a Deployment OOMKilled at 64Mi, which the runbook fixes by patching it.
  const cache = deployment(sandbox.cluster, {
    namespace: 'default',
    name: 'cache',
    replicas: 2,
    containers: [
      { name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } },
    ],
  });
  for (const p of cache.pods) oomKilled(sandbox.cluster, 'default', p.metadata.name, { restarts: 3 });
  // Not watched by the base: its RoleBindings do not reach this namespace.
  const api = deployment(sandbox.cluster, { namespace: 'other', name: 'api', replicas: 1 });
  crashLoop(sandbox.cluster, 'other', api.pods[0]!.metadata.name, { restarts: 4 });
});

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterAll(() => variants.clear());

/** Makes the sandbox authorize as the API server would with the RBAC in `docs`, recording every decision. */
function enforce(docs: Doc[], on: Sandbox = sandbox): void {
  const granted = grants(docs, 'clopus');
  on.faults.authorize = (
    verb: Verb,
    def: ResourceDef,
    namespace: string | undefined,
    name?: string,
    subresource?: string,
  ) => {
    const resource = subresource ? `${def.plural}/${subresource}` : def.plural;
    // A rule with resourceNames holds only for a request that names one of them (never a create or a list).
    const named = (g: { names?: string[] }) => !g.names || (name !== undefined && g.names.includes(name));
    const allowed = granted.some(
      (g) =>
        (g.scope === '*' || g.scope === namespace) &&
        g.group === def.group &&
        g.resource === resource &&
        g.verb === verb &&
        named(g),
    );
    requests.push({ key: `${namespace ?? '*'} ${def.group || 'core'}/${resource} ${verb}`, allowed });
    if (allowed) return;
    const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    throw new StatusError(
      403,
      'Forbidden',
      `${def.plural}${name ? ` "${name}"` : ''} is forbidden: User "system:serviceaccount:clopus:clopus" cannot ${verb} resource "${resource}" in API group "${def.group}" ${where}`,
      { kind: def.plural, ...(name ? { name } : {}) },
    );
  };
}

function incident(workload: string): { id: number; state: IncidentState; evidence: boolean } | undefined {
  const store = openStore(env.CLOPUS_DB_PATH!);
  try {
    const found = store.listIncidents({ limit: 10, offset: 0 }).items.find((i) => i.workloadName === workload);
    return found && { id: found.id, state: found.state, evidence: store.latestEvidence(found.id) !== undefined };
  } finally {
    store.close();
  }
}

/** Runs `clopus serve` with the Deployment's CLOPUS_NAMESPACES until `done` holds. */
async function serveUntil(docs: Doc[], done: () => boolean): Promise<void> {
  const stop = new AbortController();
  const serving = runCli(['serve'], {
    env: { ...env, CLOPUS_NAMESPACES: envValue(docs, 'CLOPUS_NAMESPACES')! },
    signal: stop.signal,
  });
  let reached: unknown;
  try {
    await waitFor(done, { timeoutMs: 30_000 });
  } catch (err) {
    reached = err;
  } finally {
    stop.abort();
  }
  const served = await serving;
  expect(served.stderr).not.toContain('forbidden');
  expect(served.code).toBe(0);
  if (reached) throw reached;
}

const denied = () => [...new Set(requests.filter((r) => !r.allowed).map((r) => r.key))].sort();
const asked = () => [...new Set(requests.map((r) => r.key))].sort();

describe('RBAC in the sandbox', () => {
  it('the base lets serve watch, gather evidence and plan in its namespace; only the fix itself (a patch) is refused', async () => {
    enforce(variants.get('k8s')!);

    await serveUntil(variants.get('k8s')!, () => !['open', 'diagnosing'].includes(incident('cache')?.state ?? 'open'));

    expect(incident('cache')?.evidence).toBe(true);
    expect(incident('api')).toBeUndefined();
    expect(asked().filter((k) => !k.startsWith('default '))).toEqual([]);
    expect(asked()).toEqual(
      expect.arrayContaining([
        'default core/pods list',
        'default core/pods watch',
        'default core/pods/log get',
        'default core/events list',
        'default apps/replicasets get',
        'default apps/deployments get',
      ]),
    );
    expect(denied()).toEqual(['default apps/deployments patch']);
  });

  it('the actions overlay lets a person approve the runbook fix, and serve and approve ask for nothing refused', async () => {
    const docs = variants.get('k8s/overlays/actions')!;
    enforce(docs);
    stops.push(autoRollout(sandbox.cluster, { delayMs: 50 }));

    await serveUntil(docs, () => incident('cache')?.state === 'proposed');
    const id = incident('cache')!.id;
    const store = openStore(env.CLOPUS_DB_PATH!);
    const proposalId = loadLatestProposal(store, id)!.id;
    store.close();
    const approved = await runCli(['approve', String(id), '--proposal', String(proposalId), '--yes', '--wait'], {
      env,
    });

    expect(approved.stdout).toContain('Verified: deployment/cache in namespace default');
    expect(approved.code).toBe(0);
    expect(denied()).toEqual([]);
    expect(asked()).toContain('default apps/deployments patch');
  });

  it('the all-namespaces overlay lets serve list and watch pods cluster-wide, and find incidents everywhere', async () => {
    const docs = variants.get('k8s/overlays/all-namespaces')!;
    enforce(docs);

    await serveUntil(docs, () => incident('cache')?.evidence === true && incident('api')?.evidence === true);

    expect(asked()).toEqual(expect.arrayContaining(['* core/pods list', '* core/pods watch']));
    expect(denied().filter((k) => !k.endsWith(' patch'))).toEqual([]);
  });
});

describe("the job runner's RBAC in the sandbox", () => {
  it('lets the bot sweep, replace a leftover input, run a diagnosis Job, read its result and clean up, with nothing refused', async () => {
    const w = await startWorld();
    try {
      enforce(variants.get('k8s/overlays/job-runner')!, w.sandbox);
      w.sandbox.cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'clopus-diagnosis-input-1', namespace: BOT_NS },
        data: {},
      });
      w.sandbox.cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'clopus-diagnosis-input-0', namespace: BOT_NS },
        data: {},
      });
      const runner = new JobRunner({
        kube: w.kube,
        settings: w.settings({ image: 'clopus:slow-no-fix' }),
        logger: silentLogger(),
      });
      const incident = {
        id: 1,
        namespace: 'shop',
        workloadKind: 'Deployment' as const,
        workloadName: 'web',
        container: 'web',
        reason: 'CrashLoopBackOff' as const,
        message: 'back-off',
        pods: [{ name: w.pods[0]! }],
      };

      const swept = await runner.sweep();
      w.sandbox.cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'clopus-diagnosis-input-0', namespace: BOT_NS },
        data: {},
      });
      const result = await runner.plan({
        incident,
        evidence: [],
        kube: w.kube,
        limits: { timeoutMs: 20_000, maxTurns: 3, maxBudgetUsd: 1 },
        env: { vars: {} },
        logger: silentLogger(),
      });

      expect(swept).toEqual({ jobs: 0, configMaps: 2 });
      expect(result).toMatchObject({ outcome: 'no_fix', explanation: 'Nothing to change.' });
      expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
      expect(denied()).toEqual([]);
      expect(asked()).toEqual(
        expect.arrayContaining([
          'clopus core/configmaps create',
          'clopus core/configmaps delete',
          'clopus batch/jobs create',
          'clopus core/pods/log get',
        ]),
      );
      expect(asked().filter((k) => k.startsWith('clopus core/configmaps '))).toEqual([
        'clopus core/configmaps create',
        'clopus core/configmaps delete',
      ]);
    } finally {
      await w.close();
    }
  });
});
