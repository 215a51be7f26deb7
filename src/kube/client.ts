// KubeClient: the one object the rest of Clopus uses to reach the API server. Its HTTP client and KubeConfig stay
// inside: every call is a typed operation whose answer is parsed at the edge (schemas.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import type { WorkloadRef } from '../core/index.js';
import { type DeleteOptions, type ListCollectionOptions, listCollection } from './collections.js';
import { createConfigMap, deleteConfigMap } from './configmaps.js';
import { podWarningEvents } from './events.js';
import { type ExecRequest, type ExecResult, execInContainer } from './exec.js';
import {
  getArgoApplication,
  getFluxGitRepository,
  getFluxHelmRelease,
  getFluxKustomization,
  readSecretKey,
} from './gitops.js';
import { KubeHttp } from './http.js';
import { createJob, deleteJob, listJobs } from './jobs.js';
import { type LogRequest, readLog } from './logs.js';
import { getNamespace, listNamespaces } from './namespaces.js';
import { OwnerResolver } from './owners.js';
import {
  deletePod,
  getPod,
  type ListOptions,
  listPods,
  type RawList,
  type WatchHandle,
  type WatchHandlers,
  watchPods,
} from './pods.js';
import { listControllerRevisions, listReplicaSets } from './replicasets.js';
import type { Collection } from './resources.js';
import type {
  ArgoApplication,
  FluxGitRepository,
  FluxHelmRelease,
  FluxKustomization,
  KubeObject,
  ObjectList,
} from './schemas.js';
import { type CollectionWatchHandlers, type CollectionWatchOptions, watchCollection } from './watch.js';
import { getWorkload, type PatchType, patchWorkload, type WorkloadObject } from './workloads.js';

export class KubeClient {
  private readonly http: KubeHttp;
  private readonly kc: KubeConfig;
  private readonly owners: OwnerResolver;

  constructor(kc: KubeConfig) {
    this.kc = kc;
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

  /** One page of any collection the kube module knows, e.g. to start a watch of it from the list's resourceVersion. */
  listCollection(collection: Collection, namespace: string | null, opts?: ListCollectionOptions): Promise<ObjectList> {
    return listCollection(this.http, collection, namespace, opts);
  }

  watchCollection(
    collection: Collection,
    namespace: string | null,
    opts: CollectionWatchOptions,
    handlers: CollectionWatchHandlers,
  ): Promise<WatchHandle> {
    return watchCollection(this.kc, collection, namespace, opts, handlers);
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

  /** The pod as the server stores it; `what` is what an error says was being done (default: get pod NS/NAME). */
  getPod(namespace: string, name: string, what?: string): Promise<KubeObject> {
    return getPod(this.http, namespace, name, what);
  }

  /** Deletes the pod if it is still the instance `preconditions` names; false when it was gone already. */
  deletePod(
    namespace: string,
    name: string,
    preconditions: { uid?: string; resourceVersion?: string },
  ): Promise<boolean> {
    return deletePod(this.http, namespace, name, preconditions);
  }

  listNamespaces(): Promise<string[]> {
    return listNamespaces(this.http);
  }

  /** The namespace; throws KUBE_NOT_FOUND when it does not exist. */
  getNamespace(name: string): Promise<KubeObject> {
    return getNamespace(this.http, name);
  }

  getWorkload(kind: string, namespace: string, name: string): Promise<WorkloadObject> {
    return getWorkload(this.http, kind, namespace, name);
  }

  patchWorkload(
    target: { kind: string; namespace: string; name: string },
    patch: unknown,
    opts: { dryRun: boolean; type?: PatchType },
  ): Promise<WorkloadObject> {
    return patchWorkload(this.http, target, patch, opts);
  }

  listReplicaSets(namespace: string, matchLabels: Record<string, string>): Promise<KubeObject[]> {
    return listReplicaSets(this.http, namespace, matchLabels);
  }

  listControllerRevisions(namespace: string, matchLabels: Record<string, string>): Promise<KubeObject[]> {
    return listControllerRevisions(this.http, namespace, matchLabels);
  }

  createJob(namespace: string, job: unknown, what?: string): Promise<KubeObject> {
    return createJob(this.http, namespace, job, what);
  }

  listJobs(namespace: string, opts?: ListCollectionOptions): Promise<ObjectList> {
    return listJobs(this.http, namespace, opts);
  }

  deleteJob(namespace: string, name: string, opts?: DeleteOptions): Promise<void> {
    return deleteJob(this.http, namespace, name, opts);
  }

  createConfigMap(namespace: string, configMap: unknown, what?: string): Promise<KubeObject> {
    return createConfigMap(this.http, namespace, configMap, what);
  }

  deleteConfigMap(namespace: string, name: string, opts?: DeleteOptions): Promise<void> {
    return deleteConfigMap(this.http, namespace, name, opts);
  }

  /** An Argo CD Application; 403 → KUBE_FORBIDDEN naming k8s/overlays/gitops, 404 → KUBE_NOT_FOUND. */
  getArgoApplication(namespace: string, name: string): Promise<ArgoApplication> {
    return getArgoApplication(this.http, namespace, name);
  }

  getFluxKustomization(namespace: string, name: string): Promise<FluxKustomization> {
    return getFluxKustomization(this.http, namespace, name);
  }

  getFluxGitRepository(namespace: string, name: string): Promise<FluxGitRepository> {
    return getFluxGitRepository(this.http, namespace, name);
  }

  getFluxHelmRelease(namespace: string, name: string): Promise<FluxHelmRelease> {
    return getFluxHelmRelease(this.http, namespace, name);
  }

  /** One key of a Secret, decoded (a credential: never log it); KUBE_NOT_FOUND when the Secret or key is missing. */
  readSecretKey(namespace: string, name: string, key: string): Promise<string> {
    return readSecretKey(this.http, namespace, name, key);
  }
}
