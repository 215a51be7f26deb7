// Configuration: one zod schema over an optional YAML file and env vars; errors name every bad key.

export { GitOps, GitOpsRepository } from './gitops.js';
export { loadConfig } from './load.js';
export { type NamespaceMatcher, namespaceMatcher, ownNamespace } from './namespaces.js';
export {
  CHANGE_CLASS_NAMES,
  Config,
  DEFAULT_ENVELOPE,
  DEFAULT_INCIDENT_BUDGET_USD,
  DEFAULT_MAX_REVISIONS,
  ENV_KEYS,
} from './schema.js';
