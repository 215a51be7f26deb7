// Where a fix for a managed workload would go as a pull request: the repository, the folder and the branch the
// manager deploys from; or, when there is no such place, why.
import { normalizePath } from './manager-flux.js';
import type { ArgoSourceRef, Manager } from './manager-types.js';

export interface PrTarget {
  repoURL: string;
  /** The folder the manager renders, relative to the repository root, without `./`; `.` is the root. */
  path: string;
  /** The branch the manager follows; undefined means the repository's default branch (Argo CD's HEAD). */
  ref?: string;
}

const key = (o: { namespace: string; name: string }): string => `${o.namespace}/${o.name}`;
const COMMIT = /^[0-9a-f]{40}$/i;

/** A source with only `ref` is a multi-source app's values for another source: it renders nothing itself. */
const renders = (s: ArgoSourceRef): boolean => !(s.ref !== undefined && s.path === undefined && s.chart === undefined);

function argoTarget(m: Extract<Manager, { kind: 'argocd' }>): { target: PrTarget } | { reason: string } {
  const app = `Argo CD app ${key(m.app)}`;
  const rendering = m.sources.filter(renders);
  const [source] = rendering;
  if (!source) return { reason: `${app} has no source` };
  if (rendering.length > 1)
    return {
      reason: `${app} renders ${rendering.length} sources: Clopus cannot tell which one holds the workload's manifest`,
    };
  if (source.chart !== undefined)
    return {
      reason: `${app} renders the Helm chart ${source.chart} from ${source.repoURL}: the workload's manifest is not in git, only the chart's values may be`,
    };
  if (source.path === undefined) return { reason: `${app}'s source ${source.repoURL} names no path` };
  const revision = source.targetRevision;
  if (revision && COMMIT.test(revision))
    return { reason: `${app} is pinned to commit ${revision}: a merged pull request would never be deployed` };
  return {
    target: {
      repoURL: source.repoURL,
      path: normalizePath(source.path),
      ...(revision && revision !== 'HEAD' && { ref: revision }),
    },
  };
}

function fluxTarget(m: Extract<Manager, { kind: 'flux-kustomization' }>): { target: PrTarget } | { reason: string } {
  const ks = `Flux Kustomization ${key(m.kustomization)}`;
  const s = m.source;
  if (!s) return { reason: `${ks}: ${m.sourceProblem ?? 'its source could not be read'}` };
  const branch =
    s.refKind === 'branch' ? s.ref : s.refKind === 'name' ? /^refs\/heads\/(.+)$/.exec(s.ref)?.[1] : undefined;
  if (!branch)
    return {
      reason: `${ks} follows ${s.refKind} ${s.ref} of ${s.repoURL}, not a branch: a merged pull request would not be deployed until that ref moves`,
    };
  return { target: { repoURL: s.repoURL, path: s.path, ref: branch } };
}

/** The pull request target, or the reason there is none. */
export function prTargetOrReason(m: Manager): { target: PrTarget } | { reason: string } {
  switch (m.kind) {
    case 'argocd':
      return argoTarget(m);
    case 'flux-kustomization':
      return fluxTarget(m);
    case 'flux-helmrelease':
      return {
        reason: `Flux HelmRelease ${key(m.release)} renders it from ${m.chart ? `the chart ${m.chart}` : 'a chart'}: the workload's manifest is not in git, only the release's values may be`,
      };
    case 'helm':
      return { reason: 'installed by Helm outside GitOps: there is no repository to change' };
  }
}

/** Where a pull request would go; undefined for charts, multi-source apps and pinned revisions (prTargetOrReason says why). */
export function prTarget(m: Manager): PrTarget | undefined {
  const r = prTargetOrReason(m);
  return 'target' in r ? r.target : undefined;
}
