// The GitOps controller's public shapes: its options, its handle, and the events it reports.
import type { KubeObject } from '../types.js';

/** The Argo CD Application or Flux Kustomization that manages objects. */
export interface ManagerRef {
  kind: 'Application' | 'Kustomization';
  namespace: string;
  name: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Where a failure happened: reaching the repository, rendering it, or writing objects into the cluster. */
export type SyncStage = 'source' | 'render' | 'apply';

interface Base {
  app: ManagerRef;
  /** When it happened (the controller's clock). */
  at: string;
}

export type SyncEvent =
  /** A revision (new, or asked for by a manual sync) was applied. */
  | (Base & { kind: 'synced'; revision: string; applied: ObjectRef[]; pruned: ObjectRef[]; skipped: ObjectRef[] })
  /** A live object had drifted from the rendered manifest and was re-applied. */
  | (Base & { kind: 'selfHeal'; revision: string; object: ObjectRef })
  /** Live objects differ from the manifests and the manager does not heal them (reported once per change). */
  | (Base & { kind: 'outOfSync'; revision: string; objects: ObjectRef[] })
  /** Something failed; the loop goes on (reported once per distinct message). */
  | (Base & { kind: 'error'; stage: SyncStage; message: string; revision?: string });

export interface GitOpsSyncOptions {
  /** Time between passes (default 1000 ms); 0 runs no timer, only `tick()` and `sync()`. */
  intervalMs?: number;
  /** Extra environment for every git call (e.g. GIT_CONFIG_COUNT/KEY/VALUE carrying an http.extraHeader). */
  gitEnv?: Record<string, string>;
  /** The kubectl that renders kustomizations (default `kubectl` on PATH). */
  kubectl?: string;
  now?: () => Date;
  onSync?: (e: SyncEvent) => void;
  /**
   * Roll a changed Deployment, StatefulSet or DaemonSet out at once (default true). Pass false when `autoRollout` or
   * `simulate` already plays the controllers, so their behaviours judge the new pods; new workloads roll out anyway.
   */
  rollout?: boolean;
}

export interface GitOpsSync {
  /** One pass over every GitRepository, Kustomization and Application; passes never overlap. */
  tick(): Promise<void>;
  /** A manual sync of an Argo CD Application to its target revision's head (what `argocd app sync` asks for). */
  sync(appNamespace: string, appName: string): Promise<void>;
  stop(): Promise<void>;
  /** Everything reported so far, oldest first (the last 1,000). */
  readonly events: SyncEvent[];
}

/** One object rendered from the repository, with the manager's tracking metadata, and how it compares live. */
export interface Planned {
  ref: ObjectRef;
  desired: KubeObject;
  /** synced: live has what the manifest says; missing: not in the cluster; drifted: live differs; skipped: a kind the
   * sandbox does not serve. */
  state: 'synced' | 'missing' | 'drifted' | 'skipped';
}
