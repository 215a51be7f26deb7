// End to end: an incident diagnosed in a Job that runs `clopus diagnose` with the real Claude Code binary against
// the Messages API fake, compared with the same scripted diagnosis in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLatestProposal } from '../../../src/planner/proposal/stored.js';
import { DiagnosisInput, inprocessPlanner, SWEEP_SELECTOR } from '../../../src/runner/runners.js';
import type { KubeObject } from '../../../src/sandbox/index.js';
import type { Diagnosis } from '../../../src/store/index.js';
import { reply, type Turn, text, toolResults, toolUse } from '../../fakes/anthropic.js';
import { BOT_NS, jobRunner, NS, SECRET, startWorld, t, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const summary = {
  rootCause: 'The app cannot reach its database at db.shop.svc:5433, so it exits at start.',
  confidence: 'medium',
  risk: 'low',
} as const;
const patch = {
  spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'DB_PORT', value: '5432' }] }] } } },
};

/** Reads the crashed container's log (from wherever the run happens), proposes, and says goodbye. */
function script(seen: string[]): Turn[] {
  return [
    () => reply(toolUse(t('get_logs'), { pod: w.pods[0]!, previous: true, tailLines: 20 })),
    (req) => {
      seen.push(toolResults(req)[0]?.text ?? '');
      return reply(
        toolUse(t('propose_fix'), {
          summary,
          actions: [{ type: 'patch_workload', reason: 'Point the app at the database port', patch }],
        }),
      );
    },
    () => reply(text('Proposed the database port fix.')),
  ];
}

/** The audit trail without timestamps and run-specific numbers. */
function trail(w: World, store: ReturnType<World['arrange']>['store'], id: number) {
  return store.auditTrail(id).map((a) => {
    const { costUsd: _c, ...detail } = JSON.parse(a.detail ?? '{}') as Record<string, unknown>;
    return { from: a.fromState, to: a.toState, actor: a.actor, action: a.action, detail };
  });
}

describe('the job runner', () => {
  it('diagnoses in a Job running clopus diagnose with the real Claude Code binary, cleans up, and stores what the in-process runner stores', async () => {
    const job = w.arrange();
    const created: KubeObject[] = [];
    const unsubscribe = w.sandbox.cluster.subscribe((c) => {
      if (
        c.type === 'ADDED' &&
        (c.kind === 'Job' || c.kind === 'ConfigMap') &&
        c.entry.obj.metadata.namespace === BOT_NS
      )
        created.push(structuredClone(c.entry.obj));
    });
    const seenInJob: string[] = [];
    w.fake.load(script(seenInJob));
    const before = w.fake.main.length;

    const outcome = await w.diagnose(job.deps(jobRunner(w).plan), job.incidentId);
    unsubscribe();
    const jobRequests = w.fake.main.slice(before);

    expect(outcome).toEqual({
      outcome: 'proposed',
      diagnosisId: expect.any(Number),
      proposalId: expect.any(Number),
      planner: 'claude',
    });
    expect(seenInJob[0]).toContain('connection refused');
    expect(w.leftovers()).toEqual({ jobs: [], configMaps: [] });
    const [configMap, jobObj] = [created.find((o) => o.kind === 'ConfigMap')!, created.find((o) => o.kind === 'Job')!];
    const labels = { 'app.kubernetes.io/managed-by': 'clopus', 'clopus.dev/incident': String(job.incidentId) };
    expect(configMap.metadata.labels).toMatchObject(labels);
    expect(jobObj.metadata.labels).toMatchObject(labels);
    expect(jobObj.metadata.labels).toMatchObject(
      Object.fromEntries(SWEEP_SELECTOR.split(',').map((kv) => kv.split('='))),
    );
    expect(jobObj.spec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 20 + 30,
      ttlSecondsAfterFinished: 600,
      template: {
        spec: {
          serviceAccountName: 'clopus-diagnoser',
          restartPolicy: 'Never',
          containers: [
            {
              image: 'clopus:test',
              command: ['clopus', 'diagnose', '--input', '/input/diagnosis.json'],
              envFrom: [{ secretRef: { name: SECRET } }],
              resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m', memory: '512Mi' } },
            },
          ],
          volumes: [
            { name: 'input', configMap: { name: configMap.metadata.name } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    });
    const input = DiagnosisInput.parse(
      JSON.parse(String((configMap.data as Record<string, string>)['diagnosis.json'])),
    );
    expect(input).toMatchObject({
      incident: { id: job.incidentId, namespace: NS, workloadName: 'web' },
      evidence: [{ logTail: expect.stringContaining('connection refused') }],
      planner: { limits: { timeoutMs: 20_000, maxRetries: 0 } },
    });
    expect(JSON.stringify(input)).not.toContain('sk-ant-');

    const inprocess = w.arrange();
    w.fake.load(script([]));
    const beforeHere = w.fake.main.length;
    await w.diagnose(inprocess.deps(inprocessPlanner()), inprocess.incidentId);
    const hereRequests = w.fake.main.slice(beforeHere);

    // The diagnoser may not exec: a Job offers no container tools, and the prompt says so; in process they stay.
    const offered = (requests: typeof jobRequests) =>
      [...new Set(requests.flatMap((r) => (r.body?.tools ?? []).map((x) => x.name)))]
        .filter((n) => n.startsWith(t('')))
        .sort();
    const CONTAINER_TOOLS = ['read_file', 'list_dir', 'run_readonly_command'].map(t);
    expect(offered(jobRequests)).toEqual(expect.arrayContaining([t('get_logs'), t('propose_fix')]));
    expect(offered(jobRequests).filter((n) => CONTAINER_TOOLS.includes(n))).toEqual([]);
    expect(JSON.stringify(jobRequests[0]!.body?.system)).toContain(
      'Nothing inside the containers can be read in this run',
    );
    expect(offered(hereRequests)).toEqual(expect.arrayContaining(CONTAINER_TOOLS));
    expect(JSON.stringify(hereRequests[0]!.body?.system)).not.toContain('Nothing inside the containers can be read');

    const [fromJob, fromHere] = [
      loadLatestProposal(job.store, job.incidentId),
      loadLatestProposal(inprocess.store, inprocess.incidentId),
    ];
    expect(fromJob?.proposal).toEqual({
      summary,
      actions: [{ type: 'patch_workload', reason: 'Point the app at the database port', patch }],
    });
    expect(fromJob?.proposal).toEqual(fromHere?.proposal);
    expect(fromJob?.diff).toEqual(fromHere?.diff);
    const pick = (d: Diagnosis) => ({
      planner: d.planner,
      status: d.status,
      model: d.model,
      turns: d.turns,
      explanation: d.explanation,
    });
    expect(job.store.listDiagnoses(job.incidentId).map(pick)).toEqual(
      inprocess.store.listDiagnoses(inprocess.incidentId).map(pick),
    );
    expect(job.store.listDiagnoses(job.incidentId)[0]).toMatchObject({
      costUsd: expect.any(Number),
      inputTokens: expect.any(Number),
    });
    expect(job.store.listDiagnoses(job.incidentId)[0]!.costUsd).toBeGreaterThan(0);
    expect(trail(w, job.store, job.incidentId)).toEqual(trail(w, inprocess.store, inprocess.incidentId));
  });
});
