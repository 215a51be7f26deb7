// Configuration: one zod schema over an optional YAML file and env vars; errors name every bad key.
export { CHANGE_CLASS_NAMES, Config, DEFAULT_ENVELOPE, ENV_KEYS } from './schema.js';
export { loadConfig } from './load.js';
export { namespaceMatcher, type NamespaceMatcher } from './namespaces.js';
