// Rendering a manager's source path into the objects the GitOps controller would apply: `kubectl kustomize` for a
// kustomization, the YAML files themselves for a plain directory. Offline: kustomize gets a private HOME, a proxy
// on a closed port and no git protocol, so a remote base fails instead of being fetched. Helm charts are not
// rendered here (no helm binary in Debian or npm), and say so.
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { ClopusError, describeError } from '../errors.js';
import { sanitize } from '../redact/index.js';

/** One rendered object (a Deployment, a Service, …) as plain JSON. */
export type RenderedObject = Record<string, unknown>;

export interface RenderOptions {
  kubectl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_PLAIN_FILES = 500;
const MAX_PLAIN_BYTES = 16 * 1024 * 1024;
/** Nothing listens on the discard port: every HTTP(S) fetch kustomize tries fails at once. */
const NO_NETWORK = 'http://127.0.0.1:9';

const invalid = (message: string, cause?: unknown): ClopusError =>
  new ClopusError('INPUT_INVALID', message, cause === undefined ? {} : { cause });

/** Text from kustomize or a file on its way into an error: no secrets, no escapes, bounded. */
const quoted = (text: string): string => sanitize(text.trim(), 1500).text;

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/** YAML text (one or many documents) as objects; a `List` is unpacked into its items. */
export function parseManifests(text: string, source: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    if (doc.errors.length > 0) throw invalid(`${source} is not valid YAML: ${quoted(doc.errors[0]!.message)}`);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value))
      throw invalid(`${source} holds a YAML document that is not a Kubernetes object`);
    const obj = value as RenderedObject;
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...(obj.items as RenderedObject[]));
    else out.push(obj);
  }
  return out;
}

/** The path on disk, refused when it (or a symlink on the way) leaves the repository. */
async function inside(dir: string, path: string): Promise<string> {
  const root = await realpath(dir);
  let real: string;
  try {
    real = await realpath(join(root, path));
  } catch {
    throw invalid(`The path "${path}" does not exist in the repository.`);
  }
  if (real !== root && !real.startsWith(root + sep)) throw invalid(`The path "${path}" leaves the repository.`);
  return real;
}

async function kustomize(target: string, path: string, opts: RenderOptions): Promise<RenderedObject[]> {
  const home = await mkdtemp(join(tmpdir(), 'clopus-kustomize-'));
  try {
    const r = await execa(opts.kubectl ?? 'kubectl', ['kustomize', target], {
      reject: false,
      extendEnv: false,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        HTTP_PROXY: NO_NETWORK,
        HTTPS_PROXY: NO_NETWORK,
        http_proxy: NO_NETWORK,
        https_proxy: NO_NETWORK,
        GIT_ALLOW_PROTOCOL: 'none',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
      },
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: MAX_OUTPUT_BYTES,
      ...(opts.signal ? { cancelSignal: opts.signal } : {}),
    });
    if (r.failed) {
      if (r.code === 'ENOENT')
        throw invalid('Cannot render the manifests: kubectl is not installed where Clopus runs (it runs kustomize).');
      if (r.timedOut) throw invalid(`kubectl kustomize ${path} timed out; the kustomization is too large to render.`);
      if (r.isCanceled) throw invalid(`Rendering ${path} was cancelled.`);
      if (r.isMaxBuffer) throw invalid(`kubectl kustomize ${path} rendered more than ${MAX_OUTPUT_BYTES} bytes.`);
      throw invalid(
        `kubectl kustomize ${path} failed: ${quoted(String(r.stderr || r.message || 'no output'))}. Fix the kustomization in the repository (remote bases cannot be fetched here).`,
      );
    }
    return parseManifests(r.stdout, `the output of kubectl kustomize ${path}`);
  } catch (err) {
    throw err instanceof ClopusError ? err : invalid(`kubectl kustomize ${path} failed: ${describeError(err)}`, err);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** A plain directory as Argo CD reads one: its .yaml, .yml and .json files, not recursing. */
async function plainFiles(target: string, path: string): Promise<RenderedObject[]> {
  const names = (await readdir(target, { withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length > MAX_PLAIN_FILES) throw invalid(`${path} holds more than ${MAX_PLAIN_FILES} manifest files.`);
  const out: RenderedObject[] = [];
  let bytes = 0;
  for (const name of names) {
    const text = await readFile(join(target, name), 'utf8');
    bytes += text.length;
    if (bytes > MAX_PLAIN_BYTES) throw invalid(`The manifests under ${path} are over ${MAX_PLAIN_BYTES} bytes.`);
    out.push(...parseManifests(text, `${path}/${name}`));
  }
  return out;
}

/**
 * The objects `path` (relative to `dir`) renders to. INPUT_INVALID, with kustomize's own words (redacted), when
 * it does not render; a Helm chart is refused with a sentence saying it cannot be rendered here.
 */
export async function renderKustomize(dir: string, path: string, opts: RenderOptions = {}): Promise<RenderedObject[]> {
  const shown = path === '' ? '.' : path;
  const target = await inside(dir, path === '' ? '.' : path);
  if (!(await stat(target)).isDirectory()) throw invalid(`The source path "${shown}" is not a directory.`);
  for (const name of KUSTOMIZATIONS) if (await exists(join(target, name))) return kustomize(target, shown, opts);
  if (await exists(join(target, 'Chart.yaml')))
    throw invalid(
      `Cannot render the Helm chart at "${shown}" here: helm is not available to Clopus, so a change to it cannot be checked. Fix it by hand in the repository.`,
    );
  return plainFiles(target, shown);
}
