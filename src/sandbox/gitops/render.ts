// Rendering a checkout's path with the real `kubectl kustomize` (or reading plain YAML, as Argo CD does for a
// directory without a kustomization), into the objects a manager applies.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types.js';
import { run, SyncFailure } from './run.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The folder `path` names inside `root`; a path (or a symlink) that leaves the checkout is refused. */
async function folderOf(root: string, path: string): Promise<{ dir: string; realRoot: string }> {
  const dir = resolve(root, path.replace(/^\/+/, '') || '.');
  const realRoot = await realpath(root);
  const real = existsSync(dir) ? await realpath(dir) : undefined;
  if (!real || !(await stat(real)).isDirectory()) throw new SyncFailure('render', `${path}: app path does not exist`);
  if (real !== realRoot && !real.startsWith(realRoot + sep))
    throw new SyncFailure('render', `${path}: app path is outside the repository`);
  return { dir: real, realRoot };
}

/** Parses multi-document YAML into objects, skipping empty documents and Lists' wrappers. */
export function parseObjects(text: string, source: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new SyncFailure('render', `${source}: ${doc.errors[0]?.message ?? 'bad YAML'}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const obj = value as KubeObject;
    if (typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string')
      throw new SyncFailure('render', `${source}: a document has no apiVersion or kind`);
    if (obj.kind.endsWith('List') && Array.isArray(obj.items)) out.push(...(obj.items as KubeObject[]));
    else out.push(obj);
  }
  for (const o of out) {
    if (typeof o.metadata?.name !== 'string' || o.metadata.name === '')
      throw new SyncFailure('render', `${source}: a ${o.kind} has no metadata.name`);
  }
  return out;
}

/** Renders `path` of the checkout at `root`: kustomize when the folder has a kustomization, else its YAML files. */
export async function render(
  root: string,
  path: string,
  opts: { kubectl: string; scratch: string; signal: AbortSignal },
): Promise<KubeObject[]> {
  const { dir, realRoot } = await folderOf(root, path);
  const shown = relative(realRoot, dir) || '.';
  if (!KUSTOMIZATION_FILES.some((f) => existsSync(join(dir, f)))) {
    const files = (await readdir(dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    const docs = await Promise.all(files.map(async (f) => parseObjects(await readFile(join(dir, f), 'utf8'), f)));
    return docs.flat();
  }
  // kubectl writes caches under HOME: each run gets its own, and no kubeconfig (rendering needs no cluster).
  const home = await mkdtemp(join(opts.scratch, 'kubectl-home-'));
  try {
    const out = await run(opts.kubectl, ['kustomize', dir], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'none') },
      signal: opts.signal,
      stage: 'render',
      secrets: [],
    });
    return parseObjects(out, shown);
  } catch (err) {
    // Paths in kustomize's message are the scratch checkout's: show them relative to the repository.
    if (err instanceof SyncFailure)
      throw new SyncFailure('render', err.message.split(`${realRoot}${sep}`).join('').split(realRoot).join('.'));
    throw err;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
