// GitOps: who manages a workload (Argo CD, Flux, Helm), the manifests repository through the real git (a shallow,
// token-authenticated clone; a branch and a push), pull requests through the GitHub REST API, rendering with the
// real `kubectl kustomize`, and the revision a controller reports as synced. Other modules import only this file.

export * from './forge.js';
export * from './git.js';
export * from './manager.js';
export * from './render.js';
export * from './render-diff.js';
export * from './render-edit.js';
export * from './repo-view.js';
export { configuredRepository, sameRepository } from './repositories.js';
export { syncedRevision } from './sync-status.js';
export * from './yaml-edit.js';
