// A sandbox with a crashing Deployment, a kubelet that runs Jobs as local processes, the Messages API fake behind
// a credentials Secret, and a store: what both runners need to diagnose an incident end to end.

import { loadConfig } from '../../../src/config/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import { fixerKube } from '../../../src/planner/kube.js';
import { type DiagnoseDeps, diagnoseIncident } from '../../../src/runner/diagnoser/index.js';
import { JobRunner, type JobSettings, type PlanClaude } from '../../../src/runner/runners.js';
import {
  type CommandResolver,
  type ContainerToRun,
  clopusCommand,
  crashLoop,
  deployment,
  firstOf,
  type Sandbox,
  startSandbox,
} from '../../../src/sandbox/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { type AnthropicFake, startAnthropicFake } from '../../fakes/anthropic.js';
import { tempDbPath } from '../../store/fixtures.js';
import { fakeAccess, fixerConfig, TEST_LIMITS } from '../diagnoser/setup.js';

export const NS = 'shop';
export const BOT_NS = 'clopus';
export const SECRET = 'clopus-model-credentials';

/** Stand-in images: each runs a small node script instead of `clopus diagnose`, for the failure cases. */
export const STAND_INS: Record<string, string> = {
  'clopus:hang': 'setInterval(() => {}, 1000)',
  'clopus:crash': 'console.error("fatal: cannot load the planner"); process.exit(3)',
  'clopus:malformed': 'console.log(JSON.stringify({ clopusDiagnosisResult: 1, outcome: "proposed", usage: {} }))',
  'clopus:silent': 'console.log("done")',
  'clopus:slow-no-fix': noFixAfter(300),
  'clopus:slower-no-fix': noFixAfter(1000),
};

function noFixAfter(ms: number): string {
  const line = {
    clopusDiagnosisResult: 1,
    outcome: 'no_fix',
    explanation: 'Nothing to change.',
    usage: { model: 'stand-in', turns: 1, inputTokens: 1, outputTokens: 1, costUsd: 0, durationMs: ms },
  };
  return `setTimeout(() => console.log(${JSON.stringify(JSON.stringify(line))}), ${ms})`;
}

const standIns: CommandResolver = ({ image }: ContainerToRun) =>
  STAND_INS[image] === undefined ? undefined : [process.execPath, '-e', STAND_INS[image]!];

export interface World {
  sandbox: Sandbox;
  fake: AnthropicFake;
  kube: KubeClient;
  pods: string[];
  settings(overrides?: Partial<JobSettings>): JobSettings;
  /** A fresh store holding the crashing Deployment's incident with the detector's evidence. */
  arrange(
    env?: Record<string, string>,
    count?: number,
  ): { store: Store; incidentId: number; incidentIds: number[]; deps: (planClaude: PlanClaude) => DiagnoseDeps };
  diagnose(deps: DiagnoseDeps, incidentId: number): ReturnType<typeof diagnoseIncident>;
  /** Objects a diagnosis leaves in the bot's namespace. */
  leftovers(): { jobs: string[]; configMaps: string[] };
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const sandbox = await startSandbox({ kubelet: { resolveCommand: firstOf(standIns, clopusCommand()) } });
  const { pods } = deployment(sandbox.cluster, { namespace: NS, name: 'web', replicas: 2, image: 'shop/web:1.4.2' });
  const names = pods.map((p) => p.metadata.name);
  crashLoop(sandbox.cluster, NS, names[0]!, {
    restarts: 4,
    logs: { previous: 'error: dial tcp db.shop.svc:5433: connect: connection refused\n', current: 'starting\n' },
  });
  const fake = await startAnthropicFake();
  sandbox.cluster.createNamespace(BOT_NS);
  const access = fakeAccess(fake);
  sandbox.cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET, namespace: BOT_NS },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(access.credentials.vars).map(([k, v]) => [k, Buffer.from(v ?? '').toString('base64')]),
    ),
  });
  const kube = new KubeClient(sandbox.kubeConfig());
  const stores: Store[] = [];

  return {
    sandbox,
    fake,
    kube,
    pods: names,
    settings: (overrides = {}) => ({
      ...loadConfig({}).runner.job,
      namespace: BOT_NS,
      image: 'clopus:test',
      deadlineGraceSeconds: 30,
      ...overrides,
    }),
    arrange(env = {}, count = 1) {
      const store = openStore(tempDbPath());
      stores.push(store);
      const now = new Date().toISOString();
      const incidentIds = Array.from({ length: count }, (_, i) => {
        const incident = store.createIncident(
          {
            fingerprint: `test/${NS}/Deployment/web/web/CrashLoopBackOff/${i}`,
            cluster: 'test',
            namespace: NS,
            workloadKind: 'Deployment',
            workloadName: 'web',
            container: 'web',
            reason: 'CrashLoopBackOff',
            message: 'back-off restarting failed container (exit 1)',
            restarts: 4,
            pods: names.map((name) => ({
              name,
              uid: `uid-${name}`,
              restarts: 4,
              message: 'back-off',
              lastSeenAt: now,
            })),
          },
          'detector',
        );
        store.addEvidence(incident.id, {
          pod: names[0]!,
          container: 'web',
          state: 'waiting: CrashLoopBackOff',
          restarts: 4,
          lastTermination: { exitCode: 1, reason: 'Error' },
          events: [{ reason: 'BackOff', message: 'Back-off restarting failed container', count: 4 }],
          logTail: 'error: dial tcp db.shop.svc:5433: connect: connection refused',
          logsPrevious: true,
          truncated: false,
        });
        return incident.id;
      });
      const config = fixerConfig({ CLOPUS_PLANNER: 'claude', ...env });
      return {
        store,
        incidentId: incidentIds[0]!,
        incidentIds,
        deps: (planClaude) => ({
          store,
          kube: fixerKube(kube),
          config,
          access,
          logger: silentLogger(),
          limits: TEST_LIMITS,
          planClaude,
        }),
      };
    },
    diagnose: (deps, incidentId) => diagnoseIncident(deps, incidentId),
    leftovers: () => ({
      jobs: sandbox.cluster.list('Job', BOT_NS).map((j) => j.metadata.name),
      configMaps: sandbox.cluster.list('ConfigMap', BOT_NS).map((c) => c.metadata.name),
    }),
    async close() {
      for (const s of stores) s.close();
      await fake.close();
      await sandbox.stop();
    },
  };
}

export function jobRunner(w: World, overrides: Partial<JobSettings> = {}): JobRunner {
  return new JobRunner({ kube: w.kube, settings: w.settings(overrides), logger: silentLogger() });
}

/** Tool names as the model sees them. */
export const t = (name: string): string => `mcp__clopus__${name}`;
