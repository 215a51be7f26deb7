// Planning in a clone of the manifests repository, against the sandbox API server: the OOM runbook raises the
// limit in the manifest that defines it, the envelope judges the rendered change as it would a live patch, the
// reviewer gets the file diff and the rendered diff, and nothing is written to the cluster.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { KubeClient } from '../../src/kube/index.js';
import { silentLogger } from '../../src/logger.js';
import type { PlannerIncident } from '../../src/planner/claude/types.js';
import { checkEnvelope } from '../../src/planner/envelope/index.js';
import { type FixerKube, fixerKube } from '../../src/planner/kube.js';
import { plan } from '../../src/planner/plan.js';
import type { Proposal } from '../../src/planner/proposal/schema.js';
import { runRunbooks } from '../../src/planner/runbooks/index.js';
import { deployment, oomKilled, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cleanup, tempDbPath } from '../store/fixtures.js';
import { BASE_FILES, DEPLOYMENT, makeRepo, type TestRepo } from './repo-fixture.js';

const NS = 'shop';
let sandbox: Sandbox;
let kube: FixerKube;
let writes = 0;
const pods: Record<string, string[]> = {};

beforeAll(async () => {
  sandbox = await startSandbox();
  kube = fixerKube(new KubeClient(sandbox.kubeConfig()));
  const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  for (const name of ['api', 'prod-api']) {
    const made = deployment(sandbox.cluster, {
      namespace: NS,
      name,
      replicas: 1,
      containers: [{ name: 'api', image: 'shop/api:2.0', resources }],
    });
    pods[name] = made.pods.map((p) => p.metadata.name);
    for (const p of pods[name]!) oomKilled(sandbox.cluster, NS, p, { restarts: 3 });
  }
  sandbox.cluster.subscribe((c) => {
    if (c.kind !== 'Event') writes++;
  });
});
afterAll(async () => {
  await sandbox?.stop();
});

let repo: TestRepo | undefined;
let store: Store | undefined;
afterEach(async () => {
  await repo?.remove();
  repo = undefined;
  store?.close();
  store = undefined;
  cleanup();
});

const config = loadConfig({ CLOPUS_PLANNER: 'runbooks', CLOPUS_OOM_MEMORY_FACTOR: '2' }).fixer;
const settings = config.runbooks;
const logger = silentLogger();

function incidentOf(name: string): PlannerIncident {
  return {
    id: 1,
    namespace: NS,
    workloadKind: 'Deployment',
    workloadName: name,
    container: 'api',
    reason: 'OOMKilled',
    message: 'OOMKilled',
    pods: pods[name]!.map((p) => ({ name: p })),
  };
}

const target = (name = 'api') => ({ namespace: NS, workloadKind: 'Deployment' as const, workloadName: name });

const repoEdit = (content: string, baseBlobSha: string): Proposal => ({
  summary: { rootCause: 'The api needs a change.', confidence: 'medium', risk: 'low' },
  actions: [
    { type: 'edit_repo_file', reason: 'Edit the manifest', path: 'apps/api/deployment.yaml', content, baseBlobSha },
  ],
});

describe('the OOM runbook with a GitOps clone', () => {
  it('proposes one edit_repo_file raising the limit in the manifest, planned against its blob', async () => {
    repo = await makeRepo();

    const r = await runRunbooks({ incident: incidentOf('api'), kube, settings, logger, repo: repo.view() });

    if (r.outcome !== 'proposed') throw new Error(JSON.stringify(r));
    expect(r.proposal.actions).toEqual([
      {
        type: 'edit_repo_file',
        reason: "Raise api's memory limit from 256Mi to 512Mi (x2), in apps/api/deployment.yaml",
        path: 'apps/api/deployment.yaml',
        content: DEPLOYMENT.replace('            memory: 256Mi', '            memory: 512Mi'),
        baseBlobSha: await repo.git('hash-object', 'apps/api/deployment.yaml'),
      },
    ]);
  });

  it('edits the overlay patch that sets the limit when an overlay renames the workload', async () => {
    repo = await makeRepo({
      ...BASE_FILES,
      'apps/prod/kustomization.yaml': 'resources:\n- ../api\nnamePrefix: prod-\npatches:\n- path: memory.yaml\n',
      'apps/prod/memory.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        resources:\n          limits:\n            memory: 256Mi # prod needs more\n',
    });

    const r = await runRunbooks({
      incident: incidentOf('prod-api'),
      kube,
      settings,
      logger,
      repo: repo.view('apps/prod'),
    });

    if (r.outcome !== 'proposed') throw new Error(JSON.stringify(r));
    const action = r.proposal.actions[0]!;
    expect(action).toMatchObject({ type: 'edit_repo_file', path: 'apps/prod/memory.yaml' });
    expect(action.type === 'edit_repo_file' && action.content).toContain('memory: 512Mi # prod needs more');
  });

  it('answers no_fix, in a sentence, when no manifest under the source path defines the workload', async () => {
    repo = await makeRepo();

    const r = await runRunbooks({ incident: incidentOf('api'), kube, settings, logger, repo: repo.view('apps/other') });

    expect(r).toEqual({
      outcome: 'no_fix',
      runbook: 'oom-memory',
      explanation:
        'The manifest of Deployment api was not found under apps/other in https://github.com/acme/manifests.git, so the runbook cannot raise its memory limit in the repository.',
    });
  });
});

describe('planning with a GitOps clone', () => {
  it('proposes the repository edit, in the resources class, with the file and rendered diffs, writing nothing', async () => {
    repo = await makeRepo();
    store = openStore(tempDbPath());
    const incident = store.createIncident(
      {
        fingerprint: 'test/shop/Deployment/api/api/OOMKilled',
        cluster: 'test',
        namespace: NS,
        workloadKind: 'Deployment',
        workloadName: 'api',
        container: 'api',
        reason: 'OOMKilled',
        message: 'OOMKilled',
        restarts: 3,
        pods: pods.api!.map((name) => ({
          name,
          uid: '',
          restarts: 3,
          message: 'OOMKilled',
          lastSeenAt: new Date().toISOString(),
        })),
      },
      'detector',
    );
    const scope = {
      namespace: NS,
      workload: { kind: 'Deployment' as const, name: 'api' },
      pods: pods.api!,
      containers: ['api'],
    };
    const before = writes;

    const r = await plan({ store, kube, config, logger }, { incident, evidence: [], scope, repo: repo.view() });

    if (r.outcome !== 'proposed') throw new Error(JSON.stringify(r));
    expect(r.classes).toEqual([
      { seq: 1, changeClass: 'resources', fields: ['spec.template.spec.containers[api].resources.limits.memory'] },
    ]);
    const section = r.diff.sections[0]!;
    expect(section.title).toBe(
      'edit_repo_file apps/api/deployment.yaml in https://github.com/acme/manifests.git (main)',
    );
    expect(section.repo?.fileDiff).toContain('--- a/apps/api/deployment.yaml');
    expect(section.repo?.fileDiff).toContain('-            memory: 256Mi\n+            memory: 512Mi\n');
    expect(section.repo?.renderedDiff).toMatch(/^- +memory: 256Mi\n\+ +memory: 512Mi$/m);
    expect(section.body).toContain('rendered Deployment shop/api from apps/api (kubectl kustomize), after the edit:');
    expect(r.diff.problems).toEqual([]);
    expect(writes).toBe(before);
  });
});

describe('the envelope on a repository edit', () => {
  it('passes the OOM edit in the resources class', async () => {
    repo = await makeRepo();
    const blob = await repo.git('hash-object', 'apps/api/deployment.yaml');

    const v = await checkEnvelope(
      kube,
      target(),
      repoEdit(DEPLOYMENT.replace('memory: 256Mi', 'memory: 512Mi'), blob),
      config.envelope,
      logger,
      { repo: repo.view() },
    );

    expect(v).toEqual({
      ok: true,
      actions: [
        { seq: 1, changeClass: 'resources', fields: ['spec.template.spec.containers[api].resources.limits.memory'] },
      ],
    });
  });

  it('refuses an edit that makes the container privileged, in the envelope’s usual words', async () => {
    repo = await makeRepo();
    const blob = await repo.git('hash-object', 'apps/api/deployment.yaml');
    const content = DEPLOYMENT.replace(
      '        image: shop/api:2.0\n',
      '        image: shop/api:2.0\n        securityContext:\n          privileged: true\n',
    );

    const v = await checkEnvelope(kube, target(), repoEdit(content, blob), config.envelope, logger, {
      repo: repo.view(),
    });

    expect(v).toEqual({
      ok: false,
      problems: [
        'action 1 (edit_repo_file): rendered Deployment shop/api: spec.template.spec.containers[api].securityContext.privileged: no change class allows this field ((absent) → true)',
      ],
    });
  });

  it('refuses an edit that changes another Deployment', async () => {
    repo = await makeRepo();
    const blob = await repo.git('hash-object', 'apps/api/deployment.yaml');
    const content = `${DEPLOYMENT.slice(0, -'256Mi\n'.length)}512Mi\n`;

    const v = await checkEnvelope(kube, target(), repoEdit(content, blob), config.envelope, logger, {
      repo: repo.view(),
    });

    expect(v).toEqual({
      ok: false,
      problems: [
        "action 1 (edit_repo_file): the edit changes Deployment shop/worker; only the incident's Deployment shop/api may change",
        'action 1 (edit_repo_file): the edit does not change Deployment shop/api as rendered',
      ],
    });
  });

  it('refuses an edit planned against a blob the clone no longer holds', async () => {
    repo = await makeRepo();

    const v = await checkEnvelope(kube, target(), repoEdit(DEPLOYMENT, 'f'.repeat(40)), config.envelope, logger, {
      repo: repo.view(),
    });

    expect(v.ok).toBe(false);
    expect(!v.ok && v.problems[0]).toMatch(
      /^action 1 \(edit_repo_file\): apps\/api\/deployment.yaml is blob [0-9a-f]{12} in the clone, not ffffffffffff the edit was planned against; read it again$/,
    );
  });
});
