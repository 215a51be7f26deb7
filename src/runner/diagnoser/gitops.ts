// Before a diagnosis of a GitOps-managed workload: who manages it, and, where a pull request can carry the fix, a
// fresh shallow clone of the manifests repository at the branch the manager follows (read-only while planning).
// A workload whose manager reverts live patches and that cannot get a PR gets no live fix: it would come undone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../config/index.js';
import type { WorkloadManager } from '../../core/index.js';
import {
  cloneShallow,
  configuredRepository,
  describeManager,
  detectManager,
  livePatchReverted,
  type Manager,
  type ManagerLookup,
  prTargetOrReason,
  type RepoView,
  treeSha,
} from '../../gitops/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import type { GitOpsDelivery } from '../../planner/proposal/index.js';
import type { Incident } from '../../store/index.js';

/** What planning in a repository needs; without it every fix is live. */
export interface DiagnosisGitOps {
  config: Config['gitops'];
  /** The bot's own namespace: where a token Secret without a namespace lives. */
  namespace: string;
  kube: KubeClient;
  /** Where clones go; the OS temp dir when unset. */
  scratchDir?: string;
  /** Where Argo CD Applications live; default ['argocd']. */
  argoNamespaces?: string[];
}

const noop = async () => undefined;
/** The kinds a GitOps tool applies from manifests; a bare Pod or a Job's pod is not worth the lookup. */
const MANAGED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'];

export type GitOpsContext = { manager?: WorkloadManager; cleanup: () => Promise<void> } & (
  | { kind: 'live' }
  | { kind: 'repo'; repo: RepoView; delivery: GitOpsDelivery }
  | { kind: 'no_fix'; explanation: string }
);

function coreManager(m: Manager): WorkloadManager {
  const description = describeManager(m);
  switch (m.kind) {
    case 'argocd':
      return { kind: m.kind, ...m.app, selfHeal: m.selfHeal, description };
    case 'flux-kustomization':
      return { kind: m.kind, ...m.kustomization, selfHeal: m.selfHeal, description };
    case 'flux-helmrelease':
      return { kind: m.kind, ...m.release, selfHeal: m.selfHeal, description };
    case 'helm':
      return { kind: m.kind, namespace: m.release.namespace, name: m.release.name ?? '', selfHeal: false, description };
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function gitopsContext(
  g: DiagnosisGitOps | undefined,
  incident: Incident,
  logger: Logger,
): Promise<GitOpsContext> {
  if (!g || !MANAGED_KINDS.includes(incident.workloadKind)) return { kind: 'live', cleanup: noop };
  const lookup = await lookUp(g, incident, logger);
  if (lookup.status !== 'managed') return { kind: 'live', cleanup: noop };
  return planIn(g, lookup.manager);
}

/** Who manages the workload; a workload that cannot be read counts as unmanaged (the planners say why). */
async function lookUp(g: DiagnosisGitOps, incident: Incident, logger: Logger): Promise<ManagerLookup> {
  let meta: { labels?: Record<string, string>; annotations?: Record<string, string> };
  try {
    const workload = await g.kube.getWorkload(incident.workloadKind, incident.namespace, incident.workloadName);
    meta = workload.metadata as typeof meta;
  } catch (err) {
    logger.warn({ err, incidentId: incident.id }, 'reading the workload to find its manager failed');
    return { status: 'none' };
  }
  const lookup = await detectManager(
    g.kube,
    {
      namespace: incident.namespace,
      kind: incident.workloadKind,
      name: incident.workloadName,
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
    },
    { argoNamespaces: g.argoNamespaces ?? g.config.argoNamespaces },
  );
  if (lookup.status === 'unknown') logger.warn({ incidentId: incident.id, reason: lookup.reason }, 'manager unknown');
  return lookup;
}

async function planIn(g: DiagnosisGitOps, managed: Manager): Promise<GitOpsContext> {
  const manager = coreManager(managed);
  const reverts = livePatchReverted(managed);
  const target = prTargetOrReason(managed);
  if ('reason' in target)
    return reverts
      ? {
          kind: 'no_fix',
          manager,
          cleanup: noop,
          explanation: `${capital(manager.description)}, and no pull request can carry a fix: ${target.reason}. Fix it in the manager's source.`,
        }
      : { kind: 'live', manager, cleanup: noop };
  const { repoURL, path } = target.target;
  const repo = configuredRepository(g.config.repositories, repoURL);
  if (!repo)
    return reverts
      ? {
          kind: 'no_fix',
          manager,
          cleanup: noop,
          explanation: `${capital(manager.description)}. Clopus has no token for ${repoURL}: add it to gitops.repositories (url and tokenSecret) to get the fix as a pull request.`,
        }
      : { kind: 'live', manager, cleanup: noop };
  const ref = repo.tokenSecret;
  const token = (await g.kube.readSecretKey(ref.namespace ?? g.namespace, ref.name, ref.key)).trim();
  const base = repo.baseBranch ?? target.target.ref ?? 'main';
  const scratch = await mkdtemp(join(g.scratchDir ?? tmpdir(), 'clopus-plan-'));
  const cleanup = () => rm(scratch, { recursive: true, force: true });
  try {
    const clone = await cloneShallow({ url: repo.url, ref: base, dir: join(scratch, 'repo'), auth: { token } });
    const tree = await treeSha(clone.dir, path);
    const delivery: GitOpsDelivery = {
      kind: 'pull_request',
      repoUrl: repo.url,
      base,
      sourcePath: path,
      plannedAt: clone.headSha,
      ...(tree ? { sourceTree: tree } : {}),
      manager: { ...manager, kind: manager.kind === 'argocd' ? 'argocd' : 'flux-kustomization' },
    };
    const view: RepoView = { dir: clone.dir, url: repo.url, ref: base, headSha: clone.headSha, sourcePath: path };
    return { kind: 'repo', manager, repo: view, delivery, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
