// Which namespaces are watched: include globs (or "all") minus exclude globs.
import picomatch from 'picomatch';
import type { Config } from './schema.js';

export interface NamespaceMatcher {
  (namespace: string): boolean;
  /** Exact names when the include list has no globs (so the watch can be per-namespace); null for "all" or globs. */
  readonly exact: string[] | null;
}

export function namespaceMatcher(ns: Config['namespaces']): NamespaceMatcher {
  const include = ns.include === 'all' ? null : picomatch(ns.include);
  const exclude = ns.exclude.length > 0 ? picomatch(ns.exclude) : null;
  const fn = ((name: string) => (include === null || include(name)) && !(exclude?.(name) ?? false)) as NamespaceMatcher;
  const hasGlob = ns.include !== 'all' && ns.include.some((p) => picomatch.scan(p).isGlob);
  Object.defineProperty(fn, 'exact', { value: ns.include === 'all' || hasGlob ? null : ns.include.filter((n) => fn(n)) });
  return fn;
}
