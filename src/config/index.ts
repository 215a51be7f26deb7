// Configuration: one zod schema over an optional YAML file and env vars; errors name every bad key.

export { GitOps, GitOpsRepository } from './gitops.js';
export { loadConfig } from './load.js';
export { type NamespaceMatcher, namespaceMatcher, ownNamespace } from './namespaces.js';
export { CHANGE_CLASS_NAMES, Config, DEFAULT_ENVELOPE, ENV_KEYS } from './schema.js';
