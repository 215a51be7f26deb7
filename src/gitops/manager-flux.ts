// Flux: the Kustomization (and its GitRepository) or the HelmRelease whose labels a workload carries.
import type { FluxGitRepository, FluxKustomization, KubeClient } from '../kube/index.js';
import { read, workloadLabel } from './manager-read.js';
import type { FluxGitSource, Manager, ManagerLookup, ObjectKey, WorkloadMarkers } from './manager-types.js';

export const KUSTOMIZATION_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace'];
export const HELMRELEASE_LABELS = ['helm.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/namespace'];

function labelled(w: WorkloadMarkers, [nameKey, namespaceKey]: string[]): ObjectKey | undefined {
  const name = w.labels?.[nameKey ?? ''];
  const namespace = w.labels?.[namespaceKey ?? ''];
  return name && namespace ? { namespace, name } : undefined;
}

/** `./apps/prod/` → `apps/prod`; the root is `.`. */
export function normalizePath(path: string | undefined): string {
  const parts = (path ?? '').split('/').filter((p) => p !== '' && p !== '.');
  return parts.length ? parts.join('/') : '.';
}

/** The ref a GitRepository follows, by Flux's precedence: commit, name, semver, tag, branch; none means master. */
export function gitRef(repo: FluxGitRepository): Pick<FluxGitSource, 'ref' | 'refKind'> {
  const ref = repo.spec.ref ?? {};
  for (const refKind of ['commit', 'name', 'semver', 'tag', 'branch'] as const) {
    const value = ref[refKind];
    if (value) return { ref: value, refKind };
  }
  return { ref: 'master', refKind: 'branch' };
}

async function kustomizationManager(kube: KubeClient, ks: FluxKustomization): Promise<Manager> {
  const ref = ks.spec.sourceRef;
  const sourceRef = { kind: ref.kind, namespace: ref.namespace ?? ks.metadata.namespace, name: ref.name };
  const suspended = ks.spec.suspend === true;
  const base = {
    kind: 'flux-kustomization' as const,
    kustomization: { namespace: ks.metadata.namespace, name: ks.metadata.name },
    sourceRef,
    selfHeal: !suspended,
    suspended,
  };
  const label = `${sourceRef.kind} ${sourceRef.namespace}/${sourceRef.name}`;
  if (sourceRef.kind !== 'GitRepository')
    return {
      ...base,
      sourceProblem: `the source is ${label}, not a GitRepository: there is no git repository to change`,
    };
  const repo = await read(() => kube.getFluxGitRepository(sourceRef.namespace, sourceRef.name));
  if ('missing' in repo) return { ...base, sourceProblem: `its source ${label} does not exist` };
  if ('unreadable' in repo) return { ...base, sourceProblem: repo.unreadable };
  return {
    ...base,
    source: { repoURL: repo.found.spec.url, path: normalizePath(ks.spec.path), ...gitRef(repo.found) },
  };
}

const stale = (w: WorkloadMarkers, what: string): ManagerLookup => ({
  status: 'unknown',
  reason: `${workloadLabel(w)} is labelled as applied by ${what}, which does not exist: it may be left over from a deleted one, so who would revert a live patch is unknown`,
});

/** Flux's answer for a workload, or undefined when no Flux label is on it. */
export async function detectFlux(kube: KubeClient, w: WorkloadMarkers): Promise<ManagerLookup | undefined> {
  // The HelmRelease first: helm-controller labels only what it renders, so its labels are the closer claim.
  const hr = labelled(w, HELMRELEASE_LABELS);
  if (hr) {
    const r = await read(() => kube.getFluxHelmRelease(hr.namespace, hr.name));
    if ('missing' in r) return stale(w, `the Flux HelmRelease ${hr.namespace}/${hr.name}`);
    if ('unreadable' in r) return { status: 'unknown', reason: r.unreadable, transient: r.transient };
    const spec = r.found.spec;
    const suspended = spec.suspend === true;
    const chart = spec.chart?.spec.chart ?? spec.chartRef?.name;
    return {
      status: 'managed',
      manager: {
        kind: 'flux-helmrelease',
        release: hr,
        ...(chart !== undefined && { chart }),
        selfHeal: !suspended && spec.driftDetection?.mode === 'enabled',
        suspended,
      },
    };
  }
  const ks = labelled(w, KUSTOMIZATION_LABELS);
  if (ks) {
    const r = await read(() => kube.getFluxKustomization(ks.namespace, ks.name));
    if ('missing' in r) return stale(w, `the Flux Kustomization ${ks.namespace}/${ks.name}`);
    if ('unreadable' in r) return { status: 'unknown', reason: r.unreadable, transient: r.transient };
    return { status: 'managed', manager: await kustomizationManager(kube, r.found) };
  }
  return undefined;
}
