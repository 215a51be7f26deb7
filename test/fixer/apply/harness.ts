// A sandbox with one Deployment whose pods carry a config file, and the incident and planned state for it.
import { DEFAULT_ENVELOPE } from '../../../src/config/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { Proposal, ProposalAction } from '../../../src/planner/proposal/schema.js';
import {
  type ApplyIncident,
  memoryActionRecorder,
  type PlannedState,
  sha256,
} from '../../../src/remediation/apply/index.js';
import { deployment, type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

export const NS = 'shop';
/** The default envelope plus the harmless commands these tests run to see an exec succeed or fail. */
export const TEST_ENVELOPE = { ...DEFAULT_ENVELOPE, exec: [...DEFAULT_ENVELOPE.exec, ['false'], ['echo', '*']] };
export const CONFIG = '/etc/api/config.yaml';
export const OLD_CONFIG = 'port: 8080\npool: 5\n';
export const NEW_CONFIG = 'port: 8080\npool: 50\n';

export interface Harness {
  sandbox: Sandbox;
  kube: KubeClient;
  incident: ApplyIncident;
  planned: PlannedState;
  pod: string;
  recorder: ReturnType<typeof memoryActionRecorder>;
  logger: ReturnType<typeof silentLogger>;
  file(pod?: string): string | undefined;
  deploymentSpec(): Record<string, any>;
}

export async function setup(opts: { replicas?: number; noShell?: boolean } = {}): Promise<Harness> {
  const sandbox = await startSandbox();
  const { pods } = deployment(sandbox.cluster, {
    namespace: NS,
    name: 'api',
    replicas: opts.replicas ?? 2,
    image: 'example/api:1.0',
    files: { [CONFIG]: OLD_CONFIG },
    ...(opts.noShell ? { noShell: true } : {}),
  });
  const incident: ApplyIncident = {
    id: 1,
    namespace: NS,
    workloadKind: 'Deployment',
    workloadName: 'api',
    pods: pods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid ?? '' })),
  };
  const pod = incident.pods[0]!.name;
  return {
    sandbox,
    kube: new KubeClient(sandbox.kubeConfig()),
    incident,
    pod,
    planned: { podUids: Object.fromEntries(incident.pods.map((p) => [p.name, p.uid])) },
    recorder: memoryActionRecorder(),
    logger: silentLogger(),
    file: (p = pod) => sandbox.cluster.files(NS, p, 'api').get(CONFIG)?.toString('utf8'),
    deploymentSpec: () => structuredClone(sandbox.cluster.get('Deployment', NS, 'api')?.spec ?? {}),
  };
}

export function proposal(...actions: ProposalAction[]): Proposal {
  return { summary: { rootCause: 'The pool is too small.', confidence: 'high', risk: 'low' }, actions };
}

/** An edit of the config file; `expected: null` plans it without a hash (a file the fix creates). */
export function editConfig(
  pod: string,
  opts: { path?: string; content?: string; expected?: string | null } = {},
): ProposalAction {
  const expected = opts.expected === undefined ? sha256(OLD_CONFIG) : opts.expected;
  return {
    type: 'edit_file',
    reason: 'raise the pool size',
    pod,
    container: 'api',
    path: opts.path ?? CONFIG,
    content: opts.content ?? NEW_CONFIG,
    ...(expected === null ? {} : { expectedSha256: expected }),
  };
}

export const memoryLimitPatch = (limit = '512Mi'): ProposalAction => ({
  type: 'patch_workload',
  reason: 'give the process room',
  patch: { spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory: limit } } }] } } } },
});
