// The envelope where it counts: inside the diagnoser, which stores only what passes, and under a trusted rule that
// allows every auto-approvable class. A hostile proposal becomes a failed diagnosis with its reasons, nothing is
// stored to approve, the policy approves nothing, and no write reaches the API server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autoApproveDeps } from '../../../src/app/auto-approve-deps.js';
import { CHANGE_CLASS_NAMES, loadConfig } from '../../../src/config/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { ClaudePlannerInput, ClaudePlannerResult } from '../../../src/planner/claude/types.js';
import type { Proposal, ProposalAction } from '../../../src/planner/proposal/schema.js';
import { loadLatestProposal } from '../../../src/planner/proposal/stored.js';
import { autoApprove, type PolicyConfig } from '../../../src/policy/index.js';
import { createDecisionService, type DecideDeps } from '../../../src/remediation/decide/index.js';
import { type DiagnoseDeps, diagnoseIncident } from '../../../src/runner/diagnoser/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { cleanup, tempDbPath } from '../../store/fixtures.js';
import { ALL } from './hostile-cases.js';
import { CONFIG, type EnvelopeWorld, edit, exec, NS, startEnvelopeWorld, web } from './world.js';

let w: EnvelopeWorld;
let writes = 0;
beforeAll(async () => {
  w = await startEnvelopeWorld();
  w.sandbox.cluster.subscribe((c) => {
    if (c.kind !== 'Event') writes++;
  });
});
afterAll(async () => {
  await w?.close();
});
let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
  cleanup();
});

/** Trusts every class a rule may name, so only the envelope and the proposal's own risk can stop it. */
const TRUST_ALL: PolicyConfig = {
  approvers: [],
  namespaceApprovers: [],
  trusted: [
    {
      name: 'everything',
      namespaces: [NS],
      classes: CHANGE_CLASS_NAMES.filter((c) => c !== 'image-tag'),
      maxPerHour: 1000,
    },
  ],
};

const usage = { model: 'fake', turns: 1, inputTokens: 1, outputTokens: 1, costUsd: 0, durationMs: 1 };

/** A model that calls propose_fix (hearing the refusal) and then insists on its proposal anyway. */
function insistingModel(proposal: Proposal, heard: string[][]) {
  return async (input: ClaudePlannerInput): Promise<ClaudePlannerResult> => {
    heard.push((await input.validate?.(proposal)) ?? []);
    return { outcome: 'proposed', proposal, usage };
  };
}

function arrange(actions: ProposalAction[], heard: string[][]) {
  store = openStore(tempDbPath());
  const incident = store.createIncident(
    {
      fingerprint: `test/${NS}/Deployment/web/web/CrashLoopBackOff/${Math.random()}`,
      cluster: 'test',
      namespace: NS,
      workloadKind: 'Deployment',
      workloadName: 'web',
      container: 'web',
      reason: 'CrashLoopBackOff',
      message: 'back-off restarting failed container',
      restarts: 4,
      pods: w.pods.map((name) => ({
        name,
        uid: w.sandbox.cluster.get('Pod', NS, name)?.metadata.uid ?? '',
        restarts: 4,
        message: 'back-off',
        lastSeenAt: new Date().toISOString(),
      })),
    },
    'detector',
  );
  const config = loadConfig({
    CLOPUS_PLANNER: 'claude',
    CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '1',
    CLOPUS_VERIFY_WINDOW_SECONDS: '1',
  }).fixer;
  const proposal: Proposal = {
    summary: { rootCause: 'The web container needs this change.', confidence: 'high', risk: 'low' },
    actions,
  };
  const deps: DiagnoseDeps = {
    store,
    kube: w.kube,
    config,
    access: { source: 'api_key', credentials: { vars: {} } },
    logger: silentLogger(),
    planClaude: insistingModel(proposal, heard),
  };
  const decide: DecideDeps = { store, kube: new KubeClient(w.sandbox.kubeConfig()), config, logger: silentLogger() };
  const policy = autoApproveDeps(store, TRUST_ALL, silentLogger(), createDecisionService(decide));
  return { store, incident, deps, policy };
}

describe('a hostile proposal in the diagnoser and under a trust-everything rule', () => {
  it('is told to the model, fails the diagnosis with its reasons, is never stored, never auto-applied, and writes nothing', async () => {
    const before = writes;
    const outcomes: string[] = [];

    for (const [name, actions] of ALL) {
      const heard: string[][] = [];
      const { store, incident, deps, policy } = arrange(actions(w.pods), heard);

      const outcome = await diagnoseIncident(deps, incident.id);
      const auto = await autoApprove(policy, incident.id);

      outcomes.push(`${name}: ${outcome.outcome} / ${auto.outcome}`);
      expect(heard[0]?.length, name).toBeGreaterThan(0);
      expect(outcome, name).toMatchObject({
        outcome: 'failed',
        reason: expect.stringContaining("the model's proposal failed its final checks"),
      });
      expect(store.getIncident(incident.id)?.state, name).toBe('diagnosis_failed');
      expect(loadLatestProposal(store, incident.id), name).toBeUndefined();
      expect(auto.outcome, name).toBe('not_trusted');
      store.close();
      cleanup();
    }
    store = undefined;

    expect(outcomes).toHaveLength(ALL.length);
    expect(writes - before).toBe(0);
  });

  it('lets an ordinary fix through, stores its class, auto-approves it under the rule and applies it', async () => {
    const heard: string[][] = [];
    const { store, incident, deps, policy } = arrange([web({ resources: { limits: { memory: '512Mi' } } })], heard);

    const outcome = await diagnoseIncident(deps, incident.id);
    const auto = await autoApprove(policy, incident.id);

    expect(heard).toEqual([[]]);
    expect(outcome).toMatchObject({ outcome: 'proposed' });
    expect(loadLatestProposal(store, incident.id)?.classes).toEqual([
      { seq: 1, changeClass: 'resources', fields: ['spec.template.spec.containers[web].resources.limits.memory'] },
    ]);
    expect(auto).toMatchObject({ outcome: 'approved', rule: 'everything' });
    expect(
      w.sandbox.cluster.get('Deployment', NS, 'web')?.spec?.template.spec.containers[0].resources.limits.memory,
    ).toBe('512Mi');
    const audit = store.auditTrail(incident.id).find((a) => a.action === 'auto_approve');
    expect(JSON.parse(audit!.detail!)).toMatchObject({ rule: 'everything', classes: ['resources'] });
  });

  it('holds a proposal marked risk: high for a person even when its class is trusted', async () => {
    const heard: string[][] = [];
    const { store, incident, deps, policy } = arrange([web({ livenessProbe: { timeoutSeconds: 4 } })], heard);
    deps.planClaude = async () => ({
      outcome: 'proposed',
      proposal: {
        summary: { rootCause: 'The probe times out under load.', confidence: 'high', risk: 'high' },
        actions: [web({ livenessProbe: { timeoutSeconds: 4 } })],
      },
      usage,
    });

    await diagnoseIncident(deps, incident.id);
    const auto = await autoApprove(policy, incident.id);

    expect(auto).toEqual({
      outcome: 'skipped',
      rule: 'everything',
      reason: 'the proposal is marked risk: high; a person decides',
    });
    expect(store.getIncident(incident.id)?.state).toBe('proposed');
  });

  it('refuses a fix whose diff is over what a reviewer is shown, rather than cutting it, even with a harmless exec behind it', async () => {
    const heard: string[][] = [];
    const big = Array.from({ length: 600 }, (_, i) => `key${i}: value${i}`).join('\n');
    const { store, incident, deps } = arrange(
      [edit(w.pods[0]!, CONFIG, `${big}\n`), exec(w.pods[0]!, 'nginx', '-s', 'reload')],
      heard,
    );

    const outcome = await diagnoseIncident(deps, incident.id);

    expect(heard[0]).toEqual([
      expect.stringMatching(
        /^action 1 \(edit_file\): its diff \(\d+ lines, \d+ bytes\) is over what a reviewer is shown .*nothing approvable is cut/,
      ),
    ]);
    expect(outcome).toMatchObject({ outcome: 'failed' });
    expect(loadLatestProposal(store, incident.id)).toBeUndefined();
  });
});
