// Image references as the container runtime reads them, so "the same repository" means the same bytes source:
// `nginx`, `docker.io/library/nginx` and `index.docker.io/library/nginx` are one repository; `docker.io.evil/nginx`
// or `nginx.evil.example/nginx` are not.

export interface ImageRef {
  /** Registry host (with port), lower-cased; docker.io for Docker Hub. */
  host: string;
  /** Repository path on that host, e.g. library/nginx. */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;

/** Parses a reference as the distribution spec does; undefined when it is not one. */
export function parseImage(ref: string): ImageRef | undefined {
  if (ref.length === 0 || ref.length > 512 || /\s/.test(ref)) return undefined;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasHost =
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let host = hasHost ? first.toLowerCase() : 'docker.io';
  const path = hasHost ? parts.slice(1) : parts;
  if (hasHost && !HOST.test(first)) return undefined;
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  if (path.length === 0 || !path.every((p) => COMPONENT.test(p))) return undefined;
  const repository = host === 'docker.io' && path.length === 1 ? `library/${path[0]}` : path.join('/');
  return { host, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export const repositoryOf = (ref: ImageRef): string => `${ref.host}/${ref.repository}`;
