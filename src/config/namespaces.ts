// Which namespaces are watched: include globs (or "all") minus exclude globs, and never Kubernetes' own
// namespaces or the bot's own unless `include` names them exactly.
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import type { Config } from './schema.js';

/**
 * Kubernetes' own namespaces. A fix there could break the whole cluster, and RBAC cannot carve them out of a
 * cluster-wide grant, so the code skips them unless a person names them.
 */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Where the kubelet puts the pod's namespace next to its service account token. */
export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The namespace the bot runs in: POD_NAMESPACE (the Deployment sets it from the downward API), else the service
 * account's namespace file; undefined outside a cluster. Watching it would make the bot diagnose its own Jobs.
 */
export function ownNamespace(
  env: Record<string, string | undefined> = process.env,
  file = SERVICE_ACCOUNT_NAMESPACE_FILE,
): string | undefined {
  const fromEnv = env.POD_NAMESPACE?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface NamespaceMatcher {
  (namespace: string): boolean;
  /** Exact names when the include list has no globs (so the watch can be per-namespace); null for "all" or globs. */
  readonly exact: string[] | null;
  /** The namespaces skipped unless named exactly: SYSTEM_NAMESPACES and the bot's own. */
  readonly reserved: readonly string[];
}

/**
 * `own` is the bot's namespace (default: ownNamespace()); null for none. `all` and globs never match a reserved
 * namespace: only its exact name in `include` does (and `exclude` still wins).
 */
export function namespaceMatcher(ns: Config['namespaces'], opts: { own?: string | null } = {}): NamespaceMatcher {
  const own = opts.own === undefined ? ownNamespace() : opts.own;
  const reserved = [...new Set<string>([...SYSTEM_NAMESPACES, ...(own ? [own] : [])])];
  // A pattern equal to a namespace's name is that name: globs hold characters names cannot.
  const named = new Set(ns.include === 'all' ? [] : ns.include);
  const include = ns.include === 'all' ? null : picomatch(ns.include);
  const exclude = ns.exclude.length > 0 ? picomatch(ns.exclude) : null;
  const fn = ((name: string) =>
    (named.has(name) || !reserved.includes(name)) &&
    (include === null || include(name)) &&
    !(exclude?.(name) ?? false)) as NamespaceMatcher;
  const hasGlob = ns.include !== 'all' && ns.include.some((p) => picomatch.scan(p).isGlob);
  Object.defineProperty(fn, 'exact', {
    value: ns.include === 'all' || hasGlob ? null : ns.include.filter((n) => fn(n)),
  });
  Object.defineProperty(fn, 'reserved', { value: reserved });
  return fn;
}
