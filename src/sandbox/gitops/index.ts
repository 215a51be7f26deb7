// A minimal GitOps controller for the sandbox: Argo CD Applications and Flux Kustomizations (with GitRepositories)
// synced from real git repositories with the real git and `kubectl kustomize`, applied into the ClusterState as
// `kubectl apply` would, with their controllers' statuses, self-heal and Events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterState } from '../cluster-state.js';
import type { KubeObject } from '../types.js';
import { reconcileApp } from './argo.js';
import { reconcileKustomization } from './flux.js';
import { reconcileGitRepository } from './flux-source.js';
import { at, type Controller, managerRef } from './managed.js';
import { Sources } from './sources.js';
import type { GitOpsSync, GitOpsSyncOptions, SyncEvent } from './types.js';

export { TRACKING_ID } from './argo-spec.js';
export { NAME_LABEL as FLUX_NAME_LABEL, NAMESPACE_LABEL as FLUX_NAMESPACE_LABEL } from './flux.js';
export type { GitOpsSync, GitOpsSyncOptions, ManagerRef, ObjectRef, SyncEvent, SyncStage } from './types.js';

const EVENTS_KEPT = 1000;

/** Starts the controller on `cluster`: a pass every `intervalMs` (unless 0), plus `tick()` and `sync()` on demand. */
export async function startGitOpsSync(cluster: ClusterState, opts: GitOpsSyncOptions = {}): Promise<GitOpsSync> {
  const root = await mkdtemp(join(tmpdir(), 'sandbox-gitops-'));
  const abort = new AbortController();
  const now = opts.now ?? (() => new Date());
  const events: SyncEvent[] = [];
  const reported = new Map<string, string>();
  const emit = (e: SyncEvent): void => {
    events.push(e);
    if (events.length > EVENTS_KEPT) events.splice(0, events.length - EVENTS_KEPT);
    opts.onSync?.(e);
  };
  const ctrl: Controller = {
    cluster,
    now,
    apply: { cluster, lastApplied: new Map(), rollout: opts.rollout ?? true },
    emit,
    report(key, signature, e) {
      if (signature === undefined) return reported.delete(key) && false;
      if (reported.get(key) === signature) return false;
      reported.set(key, signature);
      if (e) emit(e);
      return true;
    },
  };
  const sources = new Sources(
    root,
    { home: root, env: opts.gitEnv ?? {}, signal: abort.signal },
    opts.kubectl ?? 'kubectl',
  );

  // A reconciler that throws something other than a SyncFailure is a bug here, not the repository's: report it on
  // the manager and go on with the others, so one bad object never stops the loop.
  const guarded = async (obj: KubeObject, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      if (abort.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      const app = managerRef(obj);
      const key = `${obj.kind}/${app.namespace}/${app.name}/internal`;
      ctrl.report(key, message, { kind: 'error', app, at: at(ctrl), stage: 'apply', message });
    }
  };
  const pass = async (manual?: { namespace: string; name: string }): Promise<void> => {
    if (manual) {
      const app = cluster.get('Application', manual.namespace, manual.name);
      if (!app) throw new Error(`sandbox gitops: Application ${manual.namespace}/${manual.name} not found`);
      await guarded(app, () => reconcileApp(ctrl, sources, app, true));
      return;
    }
    for (const repo of cluster.list('GitRepository'))
      await guarded(repo, () => reconcileGitRepository(ctrl, sources, repo));
    for (const ks of cluster.list('Kustomization')) await guarded(ks, () => reconcileKustomization(ctrl, sources, ks));
    for (const app of cluster.list('Application')) await guarded(app, () => reconcileApp(ctrl, sources, app, false));
  };

  // Passes run one at a time, in the order asked for.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (manual?: { namespace: string; name: string }): Promise<void> => {
    const run = queue.then(() => (abort.signal.aborted ? undefined : pass(manual)));
    queue = run.catch(() => undefined);
    return run;
  };

  let timer: NodeJS.Timeout | undefined;
  const interval = opts.intervalMs ?? 1000;
  const schedule = (): void => {
    if (interval <= 0 || abort.signal.aborted) return;
    timer = setTimeout(() => {
      void enqueue()
        .catch(() => undefined)
        .finally(schedule);
    }, interval);
    timer.unref();
  };
  schedule();

  return {
    events,
    tick: () => enqueue(),
    sync: (namespace, name) => enqueue({ namespace, name }),
    async stop() {
      abort.abort();
      if (timer) clearTimeout(timer);
      await queue;
      await rm(root, { recursive: true, force: true });
    },
  };
}
