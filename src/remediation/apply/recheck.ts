// The apply-time re-check: before anything changes, the cluster must still be the one the proposal was planned
// against (same pod instances, same file contents, a patch the API server still accepts) and the proposal must
// still pass the code checks. Read-only: it never writes.
import { DEFAULT_ENVELOPE } from '../../config/index.js';
import { describeError, isClopusError } from '../../errors.js';
import { KubeApiError, type KubeClient } from '../../kube/index.js';
import { silentLogger } from '../../logger.js';
import type { EditFileAction, Proposal } from '../../planner/index.js';
import { checkEnvelope, checkProposal, type EnvelopeSettings, fixerKube } from '../../planner/index.js';
import { readContainerFile } from './container-file.js';
import { liveScope } from './live-scope.js';
import type { ApplyIncident, PlannedState } from './types.js';

export type RecheckResult =
  | { ok: true; podUids: Record<string, string> }
  /** `seq` names the action that cannot run (a container without a shell), when one is to blame. */
  | { ok: false; status: 'stale' | 'apply_failed'; reason: string; seq?: number };

const stale = (reason: string): RecheckResult => ({ ok: false, status: 'stale', reason });

/**
 * Why a re-check could not judge a proposal. None of these says anything about the proposal (it never saw the
 * cluster, or the cluster would not let it look), so none makes it stale: `sentence` says what happened.
 */
export interface RecheckFailure {
  kind: 'unreachable' | 'credentials' | 'server' | 'error';
  sentence: string;
}

/** Classifies what `recheck` threw: the API server unreachable, credentials or RBAC refused, or the server failing. */
export function recheckFailure(err: unknown): RecheckFailure {
  // The sentence goes on after the parenthesis, so the error's own full stop is dropped.
  const detail = describeError(err).replace(/\.$/, '');
  const status = err instanceof KubeApiError ? err.status : undefined;
  if (status === 401 || status === 403 || (isClopusError(err) && err.code === 'KUBE_FORBIDDEN')) {
    return {
      kind: 'credentials',
      sentence: `the cluster refused Clopus's credentials or RBAC permissions while re-checking the proposal (${detail})`,
    };
  }
  if (status !== undefined || (isClopusError(err) && err.code === 'KUBE_ERROR'))
    return { kind: 'server', sentence: `the API server could not answer the re-check of the proposal (${detail})` };
  if (isClopusError(err) && err.code === 'KUBE_UNREACHABLE')
    return { kind: 'unreachable', sentence: `cannot reach the cluster to re-check the proposal (${detail})` };
  return { kind: 'error', sentence: `Clopus could not re-check the proposal against the cluster (${detail})` };
}

/** 401/403 and an API server that cannot answer now (429, 5xx) say nothing about whether the patch fits. */
const notAVerdict = (err: KubeApiError): boolean =>
  err.status === 401 || err.status === 403 || err.status === 429 || err.status >= 500;

/** The key of PlannedState.fileHashes for an edit. */
export const fileKey = (a: Pick<EditFileAction, 'pod' | 'container' | 'path'>): string =>
  `${a.pod}/${a.container}/${a.path}`;

async function checkPods(
  kube: KubeClient,
  incident: ApplyIncident,
  planned: PlannedState,
  names: string[],
): Promise<RecheckResult> {
  const podUids: Record<string, string> = {};
  for (const name of new Set(names)) {
    const want = planned.podUids[name] ?? incident.pods.find((p) => p.name === name)?.uid;
    if (!want)
      return stale(`pod ${name} has no recorded UID from planning, so Clopus cannot tell whether it is the same pod`);
    let pod: { metadata?: { uid?: string; deletionTimestamp?: string } };
    try {
      pod = (await kube.getPod(incident.namespace, name)) as typeof pod;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404)
        return stale(`pod ${name} no longer exists; it was replaced or deleted since the fix was planned`);
      throw err;
    }
    if (pod.metadata?.uid !== want)
      return stale(
        `pod ${name} was replaced since the fix was planned (UID ${want} is now ${pod.metadata?.uid ?? 'unknown'})`,
      );
    if (pod.metadata?.deletionTimestamp) return stale(`pod ${name} is being deleted`);
    podUids[name] = want;
  }
  return { ok: true, podUids };
}

async function checkFiles(
  kube: KubeClient,
  incident: ApplyIncident,
  planned: PlannedState,
  proposal: Proposal,
): Promise<RecheckResult | undefined> {
  for (const [i, edit] of proposal.actions.entries()) {
    if (edit.type !== 'edit_file') continue;
    const where = `${edit.path} in ${edit.pod}/${edit.container}`;
    let now: Awaited<ReturnType<typeof readContainerFile>>;
    try {
      // Reading also proves the container has the shell and tools the write will need.
      now = await readContainerFile(kube, {
        namespace: incident.namespace,
        pod: edit.pod,
        container: edit.container,
        path: edit.path,
      });
    } catch (err) {
      return { ok: false, status: 'apply_failed', reason: describeError(err), seq: i + 1 };
    }
    const expected = edit.expectedSha256 ?? planned.fileHashes?.[fileKey(edit)];
    if (expected === undefined) {
      if (now.content !== null)
        return stale(
          `${where} exists but no hash was recorded when the fix was planned, so Clopus cannot tell whether it changed since`,
        );
    } else if (now.sha256 === null) {
      return stale(`file changed since planning: ${where} no longer exists`);
    } else if (now.sha256 !== expected) {
      return stale(`file changed since planning: ${where} has SHA-256 ${now.sha256}, not ${expected}`);
    }
  }
  return undefined;
}

async function checkPatches(
  kube: KubeClient,
  incident: ApplyIncident,
  proposal: Proposal,
): Promise<RecheckResult | undefined> {
  const target = { kind: incident.workloadKind, namespace: incident.namespace, name: incident.workloadName };
  for (const action of proposal.actions) {
    if (action.type !== 'patch_workload') continue;
    try {
      await kube.patchWorkload(target, action.patch, { dryRun: true });
    } catch (err) {
      if (err instanceof KubeApiError && !notAVerdict(err))
        return stale(`the API server no longer accepts the patch: ${describeError(err)}`);
      throw err;
    }
  }
  return undefined;
}

/**
 * The envelope again, against the live workload and a fresh dry run: a proposal approved as one class must still
 * be that class now (an image that was a rollback is no longer one once its ReplicaSet is gone).
 */
async function checkClasses(
  kube: KubeClient,
  incident: ApplyIncident,
  proposal: Proposal,
  planned: PlannedState,
  settings: EnvelopeSettings,
): Promise<RecheckResult | undefined> {
  const verdict = await checkEnvelope(
    fixerKube(kube),
    incident,
    proposal,
    settings,
    silentLogger(),
    planned.fileHashes ? { fileHashes: planned.fileHashes } : {},
  );
  if (!verdict.ok) return stale(`the proposal is no longer inside the safety envelope: ${verdict.problems.join('; ')}`);
  for (const was of planned.classes ?? []) {
    const now = verdict.actions.find((a) => a.seq === was.seq);
    if (now && now.changeClass !== was.changeClass)
      return stale(
        `action ${was.seq} is now of class ${now.changeClass}, not ${was.changeClass} as when it was proposed`,
      );
  }
  return undefined;
}

/**
 * Read-only checks that a proposal may be applied now. RBAC, connectivity and server errors are thrown, not judged
 * (`recheckFailure` says which): only what the cluster answered can make a proposal stale.
 */
export async function recheck(
  kube: KubeClient,
  proposal: Proposal,
  incident: ApplyIncident,
  planned: PlannedState,
  settings: EnvelopeSettings = DEFAULT_ENVELOPE,
): Promise<RecheckResult> {
  let scope: Awaited<ReturnType<typeof liveScope>>;
  try {
    scope = await liveScope(kube, incident);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404)
      return stale(`${incident.workloadKind.toLowerCase()}/${incident.workloadName} no longer exists`);
    throw err;
  }
  const problems = checkProposal(proposal, scope);
  if (problems.length > 0) return stale(`the proposal no longer passes the checks: ${problems.join('; ')}`);
  const podNames = proposal.actions.flatMap((a) => ('pod' in a ? [a.pod] : []));
  const pods = await checkPods(kube, incident, planned, podNames);
  if (!pods.ok) return pods;
  return (
    (await checkFiles(kube, incident, planned, proposal)) ??
    (await checkPatches(kube, incident, proposal)) ??
    (await checkClasses(kube, incident, proposal, planned, settings)) ??
    pods
  );
}
