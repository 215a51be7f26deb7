// KubeClient: the one object the rest of Clopus uses to reach the API server.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp } from './http.js';
import { listPods, watchPods, type ListOptions, type RawList, type WatchHandle, type WatchHandlers } from './pods.js';
import { OwnerResolver } from './owners.js';
import { readLog, type LogRequest } from './logs.js';
import { podWarningEvents } from './events.js';
import { execInContainer, type ExecRequest, type ExecResult } from './exec.js';
import { getWorkload, patchWorkload, type PatchType, type WorkloadObject } from './workloads.js';
import type { WorkloadRef } from '../core/index.js';

export class KubeClient {
  readonly http: KubeHttp;
  readonly owners: OwnerResolver;

  constructor(readonly kc: KubeConfig) {
    this.http = new KubeHttp(kc);
    this.owners = new OwnerResolver(this.http);
  }

  get server(): string {
    return this.http.server;
  }

  listPods(namespace: string | null, opts?: ListOptions): Promise<RawList> {
    return listPods(this.http, namespace, opts);
  }

  watchPods(namespace: string | null, resourceVersion: string, handlers: WatchHandlers): Promise<WatchHandle> {
    return watchPods(this.kc, namespace, resourceVersion, handlers);
  }

  resolveOwner(namespace: string, owner: WorkloadRef, opts?: { throwIfUnavailable?: boolean }): Promise<WorkloadRef> {
    return this.owners.resolve(namespace, owner, opts);
  }

  readLog(req: LogRequest): Promise<string | null> {
    return readLog(this.http, req);
  }

  podWarningEvents(namespace: string, pod: string): Promise<{ items?: unknown[] }> {
    return podWarningEvents(this.http, namespace, pod);
  }

  exec(req: ExecRequest): Promise<ExecResult> {
    return execInContainer(this.kc, req);
  }

  getPod(namespace: string, name: string): Promise<unknown> {
    return this.http.request({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}` }, `get pod ${namespace}/${name}`);
  }

  listNamespaces(): Promise<string[]> {
    return this.http
      .request<{ items?: Array<{ metadata?: { name?: string } }> }>({ path: '/api/v1/namespaces' }, 'list namespaces')
      .then((l) => (l.items ?? []).map((n) => n.metadata?.name ?? '').filter(Boolean));
  }

  getWorkload(kind: string, namespace: string, name: string): Promise<WorkloadObject> {
    return getWorkload(this.http, kind, namespace, name);
  }

  patchWorkload(target: { kind: string; namespace: string; name: string }, patch: unknown, opts: { dryRun: boolean; type?: PatchType }): Promise<WorkloadObject> {
    return patchWorkload(this.http, target, patch, opts);
  }
}
