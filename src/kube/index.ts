// The only code that calls the Kubernetes API server: pods (list, watch, logs, events, exec), owners and workloads.
export { KubeClient } from './client.js';
export { loadKubeConfig } from './config.js';
export { KubeApiError, kubeError } from './http.js';
export type { RawList, WatchEventType, WatchHandlers, WatchHandle } from './pods.js';
export type { ExecRequest, ExecResult } from './exec.js';
export type { LogRequest } from './logs.js';
export type { WorkloadObject, PatchType } from './workloads.js';
