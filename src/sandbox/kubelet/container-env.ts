// What a container gets before its process starts, as the kubelet builds it: volumes (ConfigMaps, Secrets,
// emptyDirs) written into a temporary directory, and the environment from values, Secrets and ConfigMaps. A
// missing Secret or ConfigMap fails the way the kubelet reports it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { ClusterState } from '../cluster-state.js';
import type { Fields, KubeObject } from '../types.js';

export type Prepared =
  | { ok: true; env: Record<string, string>; mounts: Array<[podPath: string, hostPath: string]>; cwd: string }
  /** config: CreateContainerConfigError (env); mount: the pod stays ContainerCreating with a FailedMount event. */
  | { ok: false; kind: 'config' | 'mount'; message: string };

class Refusal extends Error {
  constructor(
    readonly kind: 'config' | 'mount',
    message: string,
  ) {
    super(message);
  }
}

/** A Secret's or ConfigMap's keys as text (Secrets are stored base64; stringData is accepted as written). */
function keysOf(obj: KubeObject | undefined): Record<string, Buffer> | undefined {
  if (!obj) return undefined;
  const out: Record<string, Buffer> = {};
  const secret = obj.kind === 'Secret';
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>))
    out[k] = secret ? Buffer.from(v, 'base64') : Buffer.from(v);
  for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>))
    out[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, string>)) out[k] = Buffer.from(v);
  return out;
}

function source(
  cluster: ClusterState,
  ns: string,
  kind: 'Secret' | 'ConfigMap',
  name: string,
): Record<string, Buffer> | undefined {
  return keysOf(cluster.get(kind, ns, name));
}

async function writeVolume(cluster: ClusterState, ns: string, volume: Fields, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const ref = (volume.configMap ?? volume.secret) as Fields | undefined;
  if (!ref) return; // emptyDir, and anything else, starts empty
  const kind = volume.configMap ? 'ConfigMap' : 'Secret';
  const name = String(ref.name ?? ref.secretName ?? '');
  const data = source(cluster, ns, kind, name);
  if (!data) {
    if (ref.optional === true) return;
    throw new Refusal(
      'mount',
      `MountVolume.SetUp failed for volume "${String(volume.name)}" : ${kind.toLowerCase()} "${name}" not found`,
    );
  }
  const items = (ref.items as Fields[] | undefined) ?? Object.keys(data).map((key) => ({ key, path: key }));
  for (const item of items) {
    const content = data[String(item.key)];
    if (content === undefined)
      throw new Refusal(
        'mount',
        `MountVolume.SetUp failed for volume "${String(volume.name)}" : configmap references non-existent config key: ${String(item.key)}`,
      );
    const file = join(dir, normalize(String(item.path)).replace(/^(\.\.(\/|$))+/, ''));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content, { mode: 0o644 });
  }
}

function envFromValue(cluster: ClusterState, pod: KubeObject, from: Fields): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const keyRef = (from.secretKeyRef ?? from.configMapKeyRef) as Fields | undefined;
  if (keyRef) {
    const kind = from.secretKeyRef ? 'Secret' : 'ConfigMap';
    const data = source(cluster, ns, kind, String(keyRef.name));
    const value = data?.[String(keyRef.key)];
    if (value !== undefined) return value.toString('utf8');
    if (keyRef.optional === true) return undefined;
    throw new Refusal(
      'config',
      data
        ? `couldn't find key ${String(keyRef.key)} in ${kind} ${ns}/${String(keyRef.name)}`
        : `${kind.toLowerCase()} "${String(keyRef.name)}" not found`,
    );
  }
  const path = String((from.fieldRef as Fields | undefined)?.fieldPath ?? '');
  const fields: Record<string, unknown> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
  };
  return fields[path] === undefined ? '' : String(fields[path]);
}

/** $(VAR) references in env values, command and args, as the kubelet expands them; $$ escapes. */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) =>
    name === undefined ? '$' : (env[name] ?? m),
  );
}

function containerEnv(cluster: ClusterState, pod: KubeObject, spec: Fields): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const from of (spec.envFrom ?? []) as Fields[]) {
    const ref = (from.secretRef ?? from.configMapRef ?? {}) as Fields;
    const kind = from.secretRef ? 'Secret' : 'ConfigMap';
    const data = source(cluster, ns, kind, String(ref.name));
    if (!data) {
      if (ref.optional === true) continue;
      throw new Refusal('config', `${kind.toLowerCase()} "${String(ref.name)}" not found`);
    }
    for (const [k, v] of Object.entries(data)) env[`${String(from.prefix ?? '')}${k}`] = v.toString('utf8');
  }
  for (const e of (spec.env ?? []) as Fields[]) {
    const value = e.valueFrom ? envFromValue(cluster, pod, e.valueFrom as Fields) : expand(String(e.value ?? ''), env);
    if (value !== undefined) env[String(e.name)] = value;
  }
  return env;
}

/** Rewrites a path the pod sees (under a mount) to where the volume really is. */
export function hostPath(value: string, mounts: ReadonlyArray<readonly [string, string]>): string {
  for (const [podPath, host] of mounts) {
    if (value === podPath) return host;
    if (value.startsWith(`${podPath}/`)) return host + value.slice(podPath.length);
  }
  return value;
}

/**
 * Writes the container's volumes under `dir` and builds its environment. `base` is what every container gets
 * (PATH, HOSTNAME, KUBECONFIG…); the pod's own variables win over it.
 */
export async function prepareContainer(
  cluster: ClusterState,
  pod: KubeObject,
  spec: Fields,
  dir: string,
  base: Record<string, string>,
): Promise<Prepared> {
  const ns = pod.metadata.namespace ?? 'default';
  const volumes = new Map(((pod.spec?.volumes ?? []) as Fields[]).map((v) => [String(v.name), v]));
  try {
    const mounts: Array<[string, string]> = [];
    for (const m of (spec.volumeMounts ?? []) as Fields[]) {
      const volume = volumes.get(String(m.name));
      if (!volume) throw new Refusal('config', `volume "${String(m.name)}" is not in the pod spec`);
      const volumeDir = join(dir, 'volumes', String(m.name));
      await writeVolume(cluster, ns, volume, volumeDir);
      mounts.push([
        String(m.mountPath).replace(/\/+$/, ''),
        m.subPath ? join(volumeDir, String(m.subPath)) : volumeDir,
      ]);
    }
    // Longest first, so /etc/app/conf wins over /etc/app.
    mounts.sort((a, b) => b[0].length - a[0].length);
    // Only the pod's own values see the pod's paths; the base is host paths already.
    const own = containerEnv(cluster, pod, spec);
    const env = { ...base };
    for (const [k, v] of Object.entries(own)) env[k] = hostPath(v, mounts);
    const cwd = join(dir, 'root');
    await mkdir(cwd, { recursive: true });
    // A working directory outside every volume is in the image, which the sandbox does not have.
    const workingDir = spec.workingDir ? hostPath(String(spec.workingDir), mounts) : undefined;
    return { ok: true, env, mounts, cwd: workingDir && workingDir !== spec.workingDir ? workingDir : cwd };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, kind: err.kind, message: err.message };
    throw err;
  }
}
