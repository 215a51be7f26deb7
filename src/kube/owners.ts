// Owner chains: Pod → ReplicaSet → Deployment, Job → CronJob, StatefulSet, DaemonSet; cached, because owners rarely change.

import type { WorkloadKind, WorkloadRef } from '../core/index.js';
import { isUnavailable, type KubeHttp } from './http.js';
import { KubeObject } from './schemas.js';

const API_PATHS: Record<string, string> = {
  ReplicaSet: '/apis/apps/v1/namespaces/{ns}/replicasets/{name}',
  Deployment: '/apis/apps/v1/namespaces/{ns}/deployments/{name}',
  StatefulSet: '/apis/apps/v1/namespaces/{ns}/statefulsets/{name}',
  DaemonSet: '/apis/apps/v1/namespaces/{ns}/daemonsets/{name}',
  Job: '/apis/batch/v1/namespaces/{ns}/jobs/{name}',
  CronJob: '/apis/batch/v1/namespaces/{ns}/cronjobs/{name}',
};

/** Kinds whose own controller we follow one more step up. */
const CLIMB: Record<string, string> = { ReplicaSet: 'Deployment', Job: 'CronJob' };

const KNOWN = new Set<WorkloadKind>(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet']);

export function workloadPath(kind: string, namespace: string, name: string): string | undefined {
  return API_PATHS[kind]?.replace('{ns}', encodeURIComponent(namespace)).replace('{name}', encodeURIComponent(name));
}

export class OwnerResolver {
  private readonly cache = new Map<string, { ref: WorkloadRef; at: number }>();

  constructor(
    private readonly http: KubeHttp,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The top workload for a pod's controller reference; falls back to the lower owner when a parent cannot be read.
   * With `throwIfUnavailable`, an API server that cannot answer for now (5xx, 429, unreachable) throws instead.
   */
  async resolve(
    namespace: string,
    owner: WorkloadRef,
    opts: { throwIfUnavailable?: boolean } = {},
  ): Promise<WorkloadRef> {
    const parentKind = CLIMB[owner.kind];
    if (!parentKind) return owner;
    const key = `${namespace}/${owner.kind}/${owner.name}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.ref;
    let ref: WorkloadRef = owner;
    try {
      const obj = await this.http.request(
        { path: workloadPath(owner.kind, namespace, owner.name)! },
        KubeObject,
        `get ${owner.kind} ${namespace}/${owner.name}`,
      );
      const parent = obj.metadata?.ownerReferences?.find((r) => r.controller) ?? obj.metadata?.ownerReferences?.[0];
      if (parent && KNOWN.has(parent.kind as WorkloadKind))
        ref = { kind: parent.kind as WorkloadKind, name: parent.name };
    } catch (err) {
      if (opts.throwIfUnavailable && isUnavailable(err)) throw err;
      // Missing RBAC on ReplicaSets or a deleted owner: the lower owner is still a correct, if narrower, identity.
      return owner;
    }
    this.cache.set(key, { ref, at: this.now() });
    return ref;
  }
}
