// An OOMKilled Deployment filed by the real detector and diagnosed by the runbooks: a proposed incident to decide on.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { silentLogger } from '../../../src/logger.js';
import { fixerKube } from '../../../src/planner/kube.js';
import type { DecideDeps } from '../../../src/remediation/decide/index.js';
import { diagnoseIncident } from '../../../src/runner/diagnoser/index.js';
import { deployment, oomKilled } from '../../../src/sandbox/index.js';
import { type Harness, startHarness } from '../../helpers/bot.js';
import { waitFor } from '../../helpers/wait.js';
import { fixerConfig } from '../diagnoser/setup.js';

export const NS = 'shop';
export const NAME = 'cache';

export interface Proposed {
  h: Harness;
  incidentId: number;
  proposalId: number;
  deps: DecideDeps;
  /** The Deployment's spec as it is now. */
  spec(): Record<string, any>;
  /** The container's memory limit on the Deployment's template. */
  limit(): string | undefined;
  /** Template changes of the Deployment seen so far (each one is a patch that landed). */
  patches(): number;
}

/** Short windows keep the suite fast; the logic is the one of the default two minutes. */
export async function proposedOom(env: Record<string, string> = {}): Promise<Proposed> {
  const h = await startHarness();
  const { pods } = deployment(h.sandbox.cluster, {
    namespace: NS,
    name: NAME,
    replicas: 2,
    containers: [
      { name: NAME, image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } },
    ],
  });
  for (const p of pods) oomKilled(h.sandbox.cluster, NS, p.metadata.name, { restarts: 3 });
  let patches = 0;
  h.sandbox.cluster.subscribe((c) => {
    if (
      c.kind === 'Deployment' &&
      c.type === 'MODIFIED' &&
      JSON.stringify(c.prev?.obj.spec?.template) !== JSON.stringify(c.entry.obj.spec?.template)
    )
      patches++;
  });
  await h.detector.start();
  const incident = await waitFor(() => h.store.listIncidents({ namespace: NS, limit: 1, offset: 0 }).items[0], {
    what: 'the detector to file an incident',
  });
  await h.detector.idle();
  const config = fixerConfig({ CLOPUS_VERIFY_WINDOW_SECONDS: '1', ...env });
  const outcome = await diagnoseIncident(
    { store: h.store, kube: fixerKube(h.kube), config, logger: silentLogger() },
    incident.id,
  );
  if (outcome.outcome !== 'proposed') throw new Error(`expected a proposal, got ${JSON.stringify(outcome)}`);
  const spec = () => structuredClone(h.sandbox.cluster.get('Deployment', NS, NAME)?.spec ?? {});
  return {
    h,
    incidentId: incident.id,
    proposalId: outcome.proposalId,
    deps: { store: h.store, kube: h.kube, config, logger: silentLogger(), verifyPollMs: 100 },
    spec,
    limit: () => spec().template?.spec?.containers?.[0]?.resources?.limits?.memory,
    patches: () => patches,
  };
}

/** The pid of a process that has exited, as a bot stopped mid-apply leaves behind. */
export async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await promisify((cb: (err: Error | null) => void) => child.once('exit', () => cb(null)))();
  return child.pid!;
}
