// Maps a request path onto what it addresses: discovery documents or a resource (collection, object, subresource).
import { type ResourceDef, resourceAt } from '../kinds.js';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'core-versions' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | { kind: 'resource'; def: ResourceDef; namespace?: string; name?: string; subresource?: string; watchPath: boolean }
  | { kind: 'openapi-index' }
  | { kind: 'openapi'; path: string }
  | { kind: 'not-found' };

const NOT_FOUND: Route = { kind: 'not-found' };

export function parseRoute(pathname: string): Route {
  let segs: string[];
  try {
    segs = pathname
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    return NOT_FOUND;
  }
  const [root] = segs;
  if (root === 'openapi' && segs[1] === 'v3')
    return segs.length === 2 ? { kind: 'openapi-index' } : { kind: 'openapi', path: segs.slice(2).join('/') };
  if (segs.length === 1 && root === 'version') return { kind: 'version' };
  if (segs.length === 1 && (root === 'healthz' || root === 'readyz' || root === 'livez')) return { kind: 'health' };
  let group: string;
  let version: string;
  let rest: string[];
  if (root === 'api') {
    if (segs.length === 1) return { kind: 'core-versions' };
    group = '';
    version = segs[1] ?? '';
    rest = segs.slice(2);
  } else if (root === 'apis') {
    if (segs.length === 1) return { kind: 'groups' };
    if (segs.length === 2) return { kind: 'group', group: segs[1] ?? '' };
    group = segs[1] ?? '';
    version = segs[2] ?? '';
    rest = segs.slice(3);
  } else {
    return NOT_FOUND;
  }
  if (rest.length === 0) return { kind: 'resources', group, version };
  // The legacy /watch/ path prefix, still accepted by real servers.
  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const def = resourceAt(group, version, rest[2] ?? '');
    if (def?.namespaced && rest.length <= 5) {
      return { kind: 'resource', def, namespace: rest[1] ?? '', ...optional(rest[3], rest[4]), watchPath };
    }
    if (def || rest.length > 3) return NOT_FOUND;
  }
  const def = resourceAt(group, version, rest[0] ?? '');
  if (!def || rest.length > 3) return NOT_FOUND;
  // A namespaced resource can only be listed across namespaces, never addressed by name without one.
  if (def.namespaced && rest.length > 1) return NOT_FOUND;
  return { kind: 'resource', def, ...optional(rest[1], rest[2]), watchPath };
}

function optional(name: string | undefined, subresource: string | undefined): { name?: string; subresource?: string } {
  return { ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}) };
}
