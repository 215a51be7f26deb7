// Who manages a workload, as the rest of Clopus reads it: the GitOps tool (or Helm) and what it will do to a live patch.

export interface ObjectKey {
  namespace: string;
  name: string;
}

/** One source of an Argo CD Application, as its spec writes it. */
export interface ArgoSourceRef {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  /** A chart from a Helm repository (no path in git). */
  chart?: string;
  /** A multi-source app's name for a values-only source (`$ref/…` in valueFiles). */
  ref?: string;
}

/** The git side of a Flux Kustomization: its GitRepository's URL and ref, and the Kustomization's path. */
export interface FluxGitSource {
  repoURL: string;
  /** Relative to the repository root, without a leading `./`; `.` is the root. */
  path: string;
  /** The branch, tag, semver range, ref name or commit the GitRepository follows (Flux's default: branch master). */
  ref: string;
  refKind: 'branch' | 'tag' | 'semver' | 'name' | 'commit';
}

export type Manager =
  | {
      kind: 'argocd';
      app: ObjectKey;
      /** The app's only source; undefined when it has several (`sources:`) or none. */
      source?: ArgoSourceRef;
      /** Every source (`spec.sources`, else `spec.source`). */
      sources: ArgoSourceRef[];
      /** Argo CD reverts drift on its own (auto-sync with selfHeal). */
      selfHeal: boolean;
      autoSync: boolean;
    }
  | {
      kind: 'flux-kustomization';
      kustomization: ObjectKey;
      sourceRef: ObjectKey & { kind: string };
      /** Set when the source is a GitRepository that could be read. */
      source?: FluxGitSource;
      /** Why `source` is missing (another source kind, or the GitRepository was not readable). */
      sourceProblem?: string;
      /** Flux corrects drift on every interval unless the Kustomization is suspended. */
      selfHeal: boolean;
      suspended: boolean;
    }
  | {
      kind: 'flux-helmrelease';
      release: ObjectKey;
      chart?: string;
      /** Drift is corrected only with `spec.driftDetection.mode: enabled` (Flux ≥ 2.2), and not while suspended. */
      selfHeal: boolean;
      suspended: boolean;
    }
  | {
      kind: 'helm';
      /** `name` is missing when only the managed-by label says Helm, with no release named. */
      release: { namespace: string; name?: string };
    };

export type ManagerLookup =
  | { status: 'managed'; manager: Manager }
  | { status: 'none' }
  /** Something says a manager exists, but which one, or what it does, could not be read. */
  | {
      status: 'unknown';
      reason: string /** Worth asking again (the API server was unavailable). */;
      transient?: boolean;
    };

/** The identity and markers of a workload, as its metadata holds them. */
export interface WorkloadMarkers {
  namespace: string;
  kind: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface DetectOptions {
  /** Where Argo CD Applications live, first the control plane's; default ['argocd']. */
  argoNamespaces?: string[];
}
