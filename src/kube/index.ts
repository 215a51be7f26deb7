// The only code that calls the Kubernetes API server: pods (list, watch, get, delete, logs, events, exec), owners,
// workloads and their revisions, namespaces, and the runner's Jobs and ConfigMaps. Every answer is parsed at the edge.
export { KubeClient } from './client.js';
export type { DeleteOptions, ListCollectionOptions, PropagationPolicy } from './collections.js';
export { loadKubeConfig } from './config.js';
export type { ExecRequest, ExecResult } from './exec.js';
export { KubeApiError, kubeError } from './http.js';
export type { LogRequest } from './logs.js';
export type { ListOptions, RawList, WatchHandlers } from './pods.js';
export type { Collection, Selectors } from './resources.js';
export {
  type ArgoApplication,
  type ArgoSource,
  type FluxGitRepository,
  type FluxHelmRelease,
  type FluxKustomization,
  KubeObject,
  ObjectList,
  ObjectMeta,
} from './schemas.js';
export type { CollectionWatchHandlers, CollectionWatchOptions, WatchEventType, WatchHandle } from './watch.js';
export type { PatchType, WorkloadObject } from './workloads.js';
