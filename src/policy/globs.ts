// Namespace globs, compiled once per pattern list.
import picomatch from 'picomatch';

const cache = new WeakMap<readonly string[], (ns: string) => boolean>();

export function matchesNamespace(globs: readonly string[], namespace: string): boolean {
  let match = cache.get(globs);
  if (!match) {
    match = picomatch([...globs]);
    cache.set(globs, match);
  }
  return match(namespace);
}
