// Flux's kustomize-controller, for one Kustomization and one pass: build spec.path of its GitRepository's artifact,
// apply what differs (Flux corrects drift on every reconciliation unless suspended), prune what left the
// manifests when spec.prune, and record lastAppliedRevision, the inventory and the Ready condition.
import type { Fields, KubeObject } from '../types.js';
import { plan } from './apply.js';
import { artifactOf, sourceFailure } from './flux-source.js';
import { applyAll, at, type Controller, decorate, managerRef, prune } from './managed.js';
import { SyncFailure } from './run.js';
import type { Sources } from './sources.js';
import { type Condition, recordEvent, setCondition, writeStatus } from './status.js';
import type { ObjectRef, Planned, SyncStage } from './types.js';

const COMPONENT = 'kustomize-controller';
export const NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
export const NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Flux's inventory ids: `<namespace>_<name>_<group>_<Kind>`, with the version beside. */
function entry(ref: ObjectRef): Fields {
  const [a, b] = ref.apiVersion.split('/');
  const group = b === undefined ? '' : (a ?? '');
  return { id: `${ref.namespace ?? ''}_${ref.name}_${group}_${ref.kind}`, v: b ?? a ?? 'v1' };
}

function fromEntry(e: Fields): ObjectRef | undefined {
  const [namespace, name, group, kind] = String(e.id ?? '').split('_');
  if (!name || !kind || typeof e.v !== 'string') return undefined;
  return { apiVersion: group ? `${group}/${e.v}` : e.v, kind, ...(namespace ? { namespace } : {}), name };
}

class Failed extends Error {
  constructor(
    readonly reason: string,
    readonly stage: SyncStage,
    message: string,
    readonly revision?: string,
  ) {
    super(message);
  }
}

function source(ctrl: Controller, ks: KubeObject): { url: string; sha: string; fetch: string; revision: string } {
  const ns = ks.metadata.namespace ?? 'default';
  const sourceRef = (ks.spec?.sourceRef ?? {}) as Fields;
  const kind = text(sourceRef.kind) ?? 'GitRepository';
  const name = text(sourceRef.name) ?? '';
  const repoNs = text(sourceRef.namespace) ?? ns;
  if (kind !== 'GitRepository') throw new Failed('ArtifactFailed', 'source', `unsupported source kind '${kind}'`);
  const repo = name ? ctrl.cluster.get('GitRepository', repoNs, name) : undefined;
  if (!repo) throw new Failed('ArtifactFailed', 'source', `Source '${kind}/${repoNs}/${name}' not found`);
  const artifact = artifactOf(repo);
  const failure = sourceFailure(repo);
  if (!artifact) throw new Failed('ArtifactFailed', 'source', failure ?? 'Source artifact not found, retrying in 30s');
  // A repository that fails to fetch keeps its last artifact, which Flux goes on applying; the failure is still news.
  if (failure)
    ctrl.report(`GitRepository/${repoNs}/${name}/via/${ns}/${ks.metadata.name}`, failure, {
      kind: 'error',
      app: managerRef(ks),
      at: at(ctrl),
      stage: 'source',
      message: failure,
    });
  else ctrl.report(`GitRepository/${repoNs}/${name}/via/${ns}/${ks.metadata.name}`, undefined);
  return artifact;
}

export async function reconcileKustomization(ctrl: Controller, sources: Sources, ks: KubeObject): Promise<void> {
  if (ks.spec?.suspend === true) return;
  const ref = managerRef(ks);
  const key = `Kustomization/${ref.namespace}/${ref.name}`;
  const status = (ks.status ?? {}) as Fields;
  const generation = ks.metadata.generation ?? 1;
  const now = ctrl.now();
  const ready = (c: Omit<Condition, 'type'>, extra: Fields): void => {
    const conditions = setCondition(status.conditions, { type: 'Ready', ...c }, now, {
      observedGeneration: generation,
    });
    writeStatus(ctrl.cluster, ks, { ...status, observedGeneration: generation, ...extra, conditions });
  };
  try {
    const artifact = source(ctrl, ks);
    let objects: KubeObject[];
    try {
      objects = await sources.render(artifact.url, artifact.sha, artifact.fetch, text(ks.spec?.path) ?? './');
    } catch (err) {
      if (!(err instanceof SyncFailure)) throw err;
      throw new Failed(
        err.stage === 'render' ? 'BuildFailed' : 'ArtifactFailed',
        err.stage,
        err.stage === 'render' ? `kustomize build failed: ${err.message}` : err.message,
        artifact.revision,
      );
    }
    const labels = { [NAME_LABEL]: ref.name, [NAMESPACE_LABEL]: ref.namespace };
    const target = text(ks.spec?.targetNamespace);
    try {
      objects = decorate(objects, { ...(target ? { forceNamespace: target } : {}), labels, annotations: {} });
    } catch (err) {
      if (!(err instanceof SyncFailure)) throw err;
      throw new Failed('ReconciliationFailed', 'apply', err.message, artifact.revision);
    }
    const planned = plan({ ...ctrl.apply, createNamespace: false }, objects);
    const result = applyAll(ctrl, planned, false, (p: Planned) => p.state !== 'synced');
    const before = ((status.inventory?.entries ?? []) as Fields[]).map(fromEntry).filter((r): r is ObjectRef => !!r);
    const owns = (o: KubeObject): boolean =>
      o.metadata.labels?.[NAME_LABEL] === ref.name && o.metadata.labels?.[NAMESPACE_LABEL] === ref.namespace;
    const pruned = ks.spec?.prune === true && result.failures.length === 0 ? prune(ctrl, before, planned, owns) : [];
    const moved = status.lastAppliedRevision !== artifact.revision;
    const stamp = at(ctrl);
    const failure = result.failures[0];
    if (failure)
      throw new Failed(
        'ReconciliationFailed',
        'apply',
        `${failure.planned.ref.kind}/${failure.planned.ref.namespace ?? ''}/${failure.planned.ref.name} ${failure.message}`,
        artifact.revision,
      );
    const applied = result.changed.map((c) => c.planned.ref);
    if (moved)
      ctrl.emit({
        kind: 'synced',
        app: ref,
        at: stamp,
        revision: artifact.revision,
        applied,
        pruned,
        skipped: planned.filter((p) => p.state === 'skipped').map((p) => p.ref),
      });
    else
      for (const r of applied)
        ctrl.emit({ kind: 'selfHeal', app: ref, at: stamp, revision: artifact.revision, object: r });
    if (applied.length > 0 || pruned.length > 0) {
      const lines = [
        ...result.changed.map(
          (c) => `${c.planned.ref.kind}/${c.planned.ref.namespace ?? ''}/${c.planned.ref.name} ${c.verb}`,
        ),
        ...pruned.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name} deleted`),
      ];
      recordEvent(ctrl.cluster, ks, COMPONENT, { type: 'Normal', reason: 'Progressing', message: lines.join('\n') });
    }
    ctrl.report(`${key}/error`, undefined);
    const message = `Applied revision: ${artifact.revision}`;
    ready(
      { status: 'True', reason: 'ReconciliationSucceeded', message },
      {
        lastAppliedRevision: artifact.revision,
        lastAttemptedRevision: artifact.revision,
        inventory: { entries: planned.filter((p) => p.state !== 'skipped').map((p) => entry(p.ref)) },
      },
    );
    if (moved)
      recordEvent(ctrl.cluster, ks, COMPONENT, {
        type: 'Normal',
        reason: 'ReconciliationSucceeded',
        message: `Reconciliation finished, next run in ${text(ks.spec?.interval) ?? '10m0s'}`,
      });
  } catch (err) {
    if (!(err instanceof Failed)) throw err;
    ready(
      { status: 'False', reason: err.reason, message: err.message },
      err.revision ? { lastAttemptedRevision: err.revision } : {},
    );
    const e = {
      kind: 'error',
      app: ref,
      at: at(ctrl),
      stage: err.stage,
      message: err.message,
      ...(err.revision ? { revision: err.revision } : {}),
    } as const;
    if (ctrl.report(`${key}/error`, `${err.stage}:${err.message}`, e))
      recordEvent(ctrl.cluster, ks, COMPONENT, { type: 'Warning', reason: err.reason, message: err.message });
  }
}
