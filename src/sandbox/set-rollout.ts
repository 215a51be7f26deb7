// The StatefulSet and DaemonSet controllers' pod work, one step at a time: create a missing pod, or move one pod
// onto the current template — a StatefulSet's highest ordinal first, a DaemonSet's one node at a time — and
// only while every pod is Running and Ready, so a template whose pods fail stalls the rollout as it does in a
// cluster. Pods run the template's spec and keep the files of the pod they replace (a StatefulSet pod's volume
// belongs to its ordinal, a DaemonSet pod's to its node).
import { randomUUID } from 'node:crypto';
import type { ClusterState } from './cluster-state.js';
import { isReady, owned } from './owned.js';
import { NODES, runningPod, suffix, templateHash } from './pod-factory.js';
import { POD_REVISION_LABEL, revisionsOf, revisionTemplate } from './revisions.js';
import {
  daemonPodUpdated,
  POD_TEMPLATE_GENERATION_LABEL,
  refreshDaemonSet,
  refreshStatefulSet,
  TEMPLATE_GENERATION_ANNOTATION,
} from './set-status.js';
import type { Fields, KubeObject } from './types.js';

export interface SetStepOptions {
  /**
   * Files for a missing pod's container, standing in for its volumes, by the pod's name (StatefulSet) or node
   * (DaemonSet); undefined falls back to a sibling's. A replacement keeps the files of the pod it replaces.
   */
  files?: (owner: KubeObject, key: string, container: string) => Record<string, Buffer> | undefined;
  /** Move pods onto a changed template (default true); false only creates missing pods. */
  replaceStale?: boolean;
}

export interface SetStep {
  /** Pods created in this step. */
  created: KubeObject[];
  /** Whether the step changed anything. */
  changed: boolean;
  /** Nothing is left to do until the template or the pods change. */
  done: boolean;
}

const WAIT: SetStep = { created: [], changed: false, done: false };
const DONE: SetStep = { created: [], changed: false, done: true };

type Files = (container: string) => Record<string, Buffer>;

const live = (pods: KubeObject[]): KubeObject[] => pods.filter((p) => !p.metadata.deletionTimestamp);

function filesOf(cluster: ClusterState, pod: KubeObject | undefined): Files {
  return (c) => (pod ? Object.fromEntries(cluster.files(pod.metadata.namespace ?? '', pod.metadata.name, c)) : {});
}

interface NewPod {
  name: string;
  labels: Record<string, string>;
  files: Files;
  /** The pod it replaces (deleted first), whose shell flags carry over. */
  replaces?: KubeObject;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
}

/** Creates a Running, Ready pod of `owner` running `template`, after deleting the pod it replaces. */
function createPod(cluster: ClusterState, owner: KubeObject, template: Fields, pod: NewPod): KubeObject {
  const ns = owner.metadata.namespace ?? 'default';
  const spec = (template.spec ?? {}) as Fields;
  const names = ((spec.containers ?? []) as Fields[]).map((c) => String(c.name));
  const kept = new Map(names.map((c) => [c, pod.files(c)]));
  const old = pod.replaces;
  const noShell = new Set(
    old ? names.filter((c) => !cluster.containers.hasShell(ns, old.metadata.name, c, undefined)) : [],
  );
  if (old) cluster.delete('Pod', ns, old.metadata.name);
  return runningPod(cluster, {
    namespace: ns,
    name: pod.name,
    owner,
    spec,
    labels: { ...(template.metadata?.labels as Record<string, string> | undefined), ...pod.labels },
    containers: ((spec.containers ?? []) as Fields[]).map((c) => ({
      name: String(c.name),
      image: String(c.image),
      files: kept.get(String(c.name)) ?? {},
      ...(noShell.has(String(c.name)) ? { noShell: true } : {}),
    })),
    ...(template.metadata?.annotations ? { annotations: template.metadata.annotations as Record<string, string> } : {}),
    ...(pod.nodeName ? { nodeName: pod.nodeName } : {}),
    ...(pod.hostname ? { hostname: pod.hostname } : {}),
    ...(pod.subdomain ? { subdomain: pod.subdomain } : {}),
  });
}

const ordinalOf = (sts: KubeObject, pod: KubeObject): number =>
  Number(pod.metadata.name.slice(sts.metadata.name.length + 1));

function statefulPod(
  cluster: ClusterState,
  sts: KubeObject,
  ordinal: number,
  revision: string,
  files: Files,
  replaces?: KubeObject,
): KubeObject {
  const name = `${sts.metadata.name}-${ordinal}`;
  const stored = revisionsOf(cluster, sts).find((r) => r.metadata.name === revision);
  const template =
    revision === sts.status?.updateRevision || !stored ? (sts.spec?.template as Fields) : revisionTemplate(stored);
  return createPod(cluster, sts, template, {
    name,
    files,
    hostname: name,
    ...(replaces ? { replaces } : {}),
    ...(sts.spec?.serviceName ? { subdomain: String(sts.spec.serviceName) } : {}),
    labels: {
      [POD_REVISION_LABEL]: revision,
      'statefulset.kubernetes.io/pod-name': name,
      'apps.kubernetes.io/pod-index': String(ordinal),
    },
  });
}

/** One step of the StatefulSet controller: scale down, create the lowest missing ordinal, or update the highest stale one. */
export function statefulSetStep(cluster: ClusterState, ns: string, name: string, opts: SetStepOptions = {}): SetStep {
  const stored = cluster.entry('StatefulSet', ns, name)?.obj;
  if (!stored) return DONE;
  refreshStatefulSet(cluster, stored);
  const sts = cluster.get('StatefulSet', ns, name) as KubeObject;
  const replicas = Number(sts.spec?.replicas ?? 1);
  const rolling = (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition = rolling ? Number(sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
  const update = String(sts.status?.updateRevision);
  const current = String(sts.status?.currentRevision ?? update);
  const pods = live(owned(cluster, 'Pod', ns, sts)).sort((a, b) => ordinalOf(sts, a) - ordinalOf(sts, b));
  const made = (pod: KubeObject | undefined): SetStep => {
    refreshStatefulSet(cluster, cluster.entry('StatefulSet', ns, name)?.obj ?? sts);
    return { created: pod ? [pod] : [], changed: true, done: false };
  };
  const extra = pods.filter((p) => ordinalOf(sts, p) >= replicas).pop();
  if (extra) {
    cluster.delete('Pod', ns, extra.metadata.name);
    return made(undefined);
  }
  const healthy = pods.every(isReady);
  const have = new Set(pods.map((p) => ordinalOf(sts, p)));
  const missing = Array.from({ length: replicas }, (_, i) => i).find((i) => !have.has(i));
  if (missing !== undefined) {
    if (!healthy) return WAIT;
    const podName = `${name}-${missing}`;
    const files: Files = (c) => opts.files?.(sts, podName, c) ?? filesOf(cluster, pods[0])(c);
    return made(statefulPod(cluster, sts, missing, !rolling || missing >= partition ? update : current, files));
  }
  if (!healthy) return WAIT;
  // OnDelete: a pod moves to the new template only when someone deletes it.
  if (!rolling || opts.replaceStale === false) return DONE;
  const stale = pods
    .filter((p) => ordinalOf(sts, p) >= partition && p.metadata.labels?.[POD_REVISION_LABEL] !== update)
    .pop();
  if (!stale) return DONE;
  return made(statefulPod(cluster, sts, ordinalOf(sts, stale), update, filesOf(cluster, stale), stale));
}

function daemonPod(
  cluster: ClusterState,
  ds: KubeObject,
  node: string,
  files: Files,
  replaces?: KubeObject,
): KubeObject {
  return createPod(cluster, ds, ds.spec?.template as Fields, {
    name: `${ds.metadata.name}-${suffix(randomUUID())}`,
    files,
    nodeName: node,
    ...(replaces ? { replaces } : {}),
    labels: {
      [POD_REVISION_LABEL]: templateHash(ds.spec?.template),
      [POD_TEMPLATE_GENERATION_LABEL]: ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '1',
    },
  });
}

/** One step of the DaemonSet controller: create the pods missing on nodes, or replace one stale pod (maxUnavailable 1). */
export function daemonSetStep(cluster: ClusterState, ns: string, name: string, opts: SetStepOptions = {}): SetStep {
  const stored = cluster.entry('DaemonSet', ns, name)?.obj;
  if (!stored) return DONE;
  refreshDaemonSet(cluster, stored);
  const ds = cluster.get('DaemonSet', ns, name) as KubeObject;
  const pods = live(owned(cluster, 'Pod', ns, ds));
  const refreshed = (created: KubeObject[]): SetStep => {
    refreshDaemonSet(cluster, cluster.entry('DaemonSet', ns, name)?.obj ?? ds);
    return { created, changed: true, done: false };
  };
  const onNode = new Set(pods.map((p) => String(p.spec?.nodeName)));
  const sibling = filesOf(cluster, pods[0]);
  const created = NODES.filter((node) => !onNode.has(node)).map((node) =>
    daemonPod(cluster, ds, node, (c) => opts.files?.(ds, node, c) ?? sibling(c)),
  );
  if (created.length > 0) return refreshed(created);
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || opts.replaceStale === false)
    return DONE;
  if (!pods.every(isReady)) return WAIT;
  const stale = pods.find((p) => !daemonPodUpdated(ds, templateHash(ds.spec?.template), p));
  if (!stale) return DONE;
  return refreshed([daemonPod(cluster, ds, String(stale.spec?.nodeName), filesOf(cluster, stale), stale)]);
}

/** Runs the controller's steps until nothing is left to do or it has to wait for a pod to become Ready. */
export function rolloutSet(
  cluster: ClusterState,
  kind: 'StatefulSet' | 'DaemonSet',
  ns: string,
  name: string,
  opts: SetStepOptions = {},
): KubeObject[] {
  const created: KubeObject[] = [];
  for (let i = 0; i < 1000; i++) {
    const step =
      kind === 'StatefulSet' ? statefulSetStep(cluster, ns, name, opts) : daemonSetStep(cluster, ns, name, opts);
    created.push(...step.created);
    if (step.done || !step.changed) break;
  }
  return created;
}
