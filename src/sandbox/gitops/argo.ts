// Argo CD's application controller, for one Application and one pass: compare the live objects with the target
// revision's manifests, sync when automated and the target moved (or when asked), self-heal drift when selfHeal is
// on, and otherwise only report OutOfSync. Level-triggered: what was synced last is read back from the status.
import type { Fields, KubeObject } from '../types.js';
import { timestamp } from '../types.js';
import { plan, withLastApplied } from './apply.js';
import { appSpec, INSTANCE_LABEL, inventory, ownedBy, requested, track } from './argo-spec.js';
import { history, operationState, resources } from './argo-status.js';
import { argoRef } from './git.js';
import { applyAll, at, type Controller, decorate, managerRef, prune } from './managed.js';
import { canonical } from './merge.js';
import { SyncFailure } from './run.js';
import type { Sources } from './sources.js';
import { recordEvent, writeStatus } from './status.js';
import type { Planned } from './types.js';

const COMPONENT = 'argocd-application-controller';

const sourceKey = (s: Fields | undefined): string =>
  canonical({ repoURL: s?.repoURL, path: s?.path, targetRevision: s?.targetRevision });

function clearOperation(ctrl: Controller, app: KubeObject): void {
  if (app.operation === undefined) return;
  ctrl.cluster.update('Application', app.metadata.namespace, app.metadata.name, (o) => {
    delete o.operation;
  });
}

function failed(ctrl: Controller, app: KubeObject, err: SyncFailure, manual: boolean): void {
  const ref = managerRef(app);
  const key = `Application/${ref.namespace}/${ref.name}`;
  const status = (app.status ?? {}) as Fields;
  const now = timestamp(ctrl.now());
  const next: Fields = {
    ...status,
    sync: { ...status.sync, status: 'Unknown' },
    conditions: [{ type: 'ComparisonError', message: err.message, lastTransitionTime: now }],
    reconciledAt: now,
  };
  if (manual) {
    const op = { sync: {}, initiatedBy: { username: 'admin' }, retry: {} };
    next.operationState = { operation: op, phase: 'Error', message: err.message, startedAt: now, finishedAt: now };
  }
  writeStatus(ctrl.cluster, app, next);
  clearOperation(ctrl, app);
  ctrl.report(`${key}/drift`, undefined);
  const e = { kind: 'error', app: ref, at: at(ctrl), stage: err.stage, message: err.message } as const;
  if (ctrl.report(`${key}/error`, `${err.stage}:${err.message}`, e))
    recordEvent(ctrl.cluster, app, COMPONENT, { type: 'Warning', reason: 'ComparisonError', message: err.message });
}

/** One reconciliation of `app`; `manual` is a sync someone asked for (sync(), or `operation` set on the object). */
export async function reconcileApp(
  ctrl: Controller,
  sources: Sources,
  app: KubeObject,
  manual: boolean,
): Promise<void> {
  const ref = managerRef(app);
  const key = `Application/${ref.namespace}/${ref.name}`;
  const op = requested(app);
  const asked = manual || op !== undefined;
  let spec: ReturnType<typeof appSpec>;
  let sha: string;
  let objects: KubeObject[];
  try {
    spec = appSpec(app);
    const head = await sources.resolve(spec.repoURL, op?.revision ? argoRef(op.revision) : spec.ref);
    sha = head.sha;
    const rendered = await sources.render(spec.repoURL, head.sha, head.fetch, spec.path);
    const name = spec.trackingName;
    const ns = typeof spec.destination.namespace === 'string' ? spec.destination.namespace : undefined;
    objects = track(
      name,
      decorate(rendered, { defaultNamespace: ns ?? 'default', labels: { [INSTANCE_LABEL]: name }, annotations: {} }),
    ).map(withLastApplied);
  } catch (err) {
    if (!(err instanceof SyncFailure)) throw err;
    failed(ctrl, app, err, asked);
    return;
  }
  const status = (app.status ?? {}) as Fields;
  const last = status.operationState as Fields | undefined;
  const owns = ownedBy(spec.trackingName);
  const before = inventory(status);
  const planned = plan({ ...ctrl.apply, createNamespace: spec.createNamespace }, objects);
  const outOfSync = (p: Planned): boolean => p.state === 'missing' || p.state === 'drifted';
  const moved = last?.syncResult?.revision !== sha || sourceKey(last?.syncResult?.source) !== sourceKey(spec.source);
  const failedThere = (last?.phase === 'Failed' || last?.phase === 'Error') && last?.operation?.sync?.revision === sha;
  const mode = asked
    ? 'sync'
    : spec.automated && moved && !failedThere
      ? 'sync'
      : spec.automated && spec.selfHeal && planned.some(outOfSync)
        ? 'heal'
        : undefined;

  let next: Fields = { ...status };
  if (mode) {
    const by = asked ? 'sync' : 'automated sync';
    recordEvent(ctrl.cluster, app, COMPONENT, {
      type: 'Normal',
      reason: 'OperationStarted',
      message: `Initiated ${by} to '${sha}'`,
    });
    const result = applyAll(ctrl, planned, spec.createNamespace, mode === 'heal' ? outOfSync : undefined);
    const pruned = spec.prune || op?.prune ? prune(ctrl, before, planned, owns) : [];
    next.operationState = operationState(spec, sha, asked, result, pruned, ctrl.now());
    const stamp = at(ctrl);
    if (mode === 'heal') {
      for (const c of result.changed)
        ctrl.emit({ kind: 'selfHeal', app: ref, at: stamp, revision: sha, object: c.planned.ref });
    } else if (result.failures.length === 0) {
      const applied = result.changed.map((c) => c.planned.ref);
      const skipped = planned.filter((p) => p.state === 'skipped').map((p) => p.ref);
      ctrl.emit({ kind: 'synced', app: ref, at: stamp, revision: sha, applied, pruned, skipped });
    }
    const failure = result.failures[0];
    if (failure) {
      const message = String(next.operationState.message);
      ctrl.report(`${key}/error`, `apply:${message}`, {
        kind: 'error',
        app: ref,
        at: stamp,
        stage: 'apply',
        message,
        revision: sha,
      });
      recordEvent(ctrl.cluster, app, COMPONENT, {
        type: 'Warning',
        reason: 'OperationCompleted',
        message: `Sync operation to ${sha} failed: ${message}`,
      });
    } else {
      ctrl.report(`${key}/error`, undefined);
      recordEvent(ctrl.cluster, app, COMPONENT, {
        type: 'Normal',
        reason: 'OperationCompleted',
        message: `Sync operation to ${sha} succeeded`,
      });
      if (mode === 'sync') next.history = history(status.history, spec, sha, ctrl.now());
    }
  } else if (!failedThere) ctrl.report(`${key}/error`, undefined);

  // Compare again: what the sync changed, and pods that moved since, show in the status.
  const after = mode ? plan({ ...ctrl.apply, createNamespace: spec.createNamespace }, objects) : planned;
  const keep = new Set(after.map((p) => `${p.ref.kind}/${p.ref.namespace ?? ''}/${p.ref.name}`));
  const extras = before.filter(
    (r) => !keep.has(`${r.kind}/${r.namespace ?? ''}/${r.name}`) && isOwned(ctrl, r.kind, r.namespace, r.name, owns),
  );
  const summary = resources(ctrl.cluster, after, extras);
  const syncStatus = summary.synced ? 'Synced' : 'OutOfSync';
  const comparedTo = { source: spec.source, destination: spec.destination };
  next = {
    ...next,
    sync: { status: syncStatus, revision: sha, comparedTo },
    health: { status: summary.health },
    resources: summary.resources,
    sourceType: 'Kustomize',
    reconciledAt: timestamp(ctrl.now()),
  };
  delete next.conditions;
  const oldSync = status.sync?.status as string | undefined;
  const oldHealth = status.health?.status as string | undefined;
  if (writeStatus(ctrl.cluster, app, next)) {
    if (oldSync !== syncStatus)
      recordEvent(ctrl.cluster, app, COMPONENT, {
        type: 'Normal',
        reason: 'ResourceUpdated',
        message: `Updated sync status: ${oldSync ?? 'Unknown'} -> ${syncStatus}`,
      });
    if (oldHealth !== summary.health)
      recordEvent(ctrl.cluster, app, COMPONENT, {
        type: 'Normal',
        reason: 'ResourceUpdated',
        message: `Updated health status: ${oldHealth ?? 'Unknown'} -> ${summary.health}`,
      });
  }
  clearOperation(ctrl, app);
  const drifted = after.filter(outOfSync).map((p) => p.ref);
  if (syncStatus === 'OutOfSync') {
    const objectsOut = [...drifted, ...extras];
    ctrl.report(`${key}/drift`, `${sha}:${canonical(objectsOut)}`, {
      kind: 'outOfSync',
      app: ref,
      at: at(ctrl),
      revision: sha,
      objects: objectsOut,
    });
  } else ctrl.report(`${key}/drift`, undefined);
}

function isOwned(
  ctrl: Controller,
  kind: string,
  ns: string | undefined,
  name: string,
  owns: (o: KubeObject) => boolean,
): boolean {
  try {
    const live = ctrl.cluster.get(kind, ns, name);
    return live !== undefined && owns(live);
  } catch {
    return false;
  }
}
