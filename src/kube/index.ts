// The only code that calls the Kubernetes API server: pods (list, watch, get, delete, logs, events, exec), owners,
// workloads and their revisions, namespaces, and the runner's Jobs and ConfigMaps. Every answer is parsed at the edge.
export { KubeClient } from './client.js';
export { loadKubeConfig } from './config.js';
export { KubeApiError, kubeError } from './http.js';
export { KubeObject, ObjectList, ObjectMeta } from './schemas.js';
export type { RawList, WatchHandlers, ListOptions } from './pods.js';
export type { WatchEventType, WatchHandle, CollectionWatchHandlers, CollectionWatchOptions } from './watch.js';
export type { Collection, Selectors } from './resources.js';
export type { DeleteOptions, ListCollectionOptions, PropagationPolicy } from './collections.js';
export type { ExecRequest, ExecResult } from './exec.js';
export type { LogRequest } from './logs.js';
export type { WorkloadObject, PatchType } from './workloads.js';
