// The environment and identity an exec'd command sees, derived from the pod spec like the kubelet would.
import type { ClusterState } from '../cluster-state.js';
import type { SystemInfo } from '../shell/index.js';
import type { Fields, KubeObject } from '../types.js';
import { containerSpec } from './pod-containers.js';

function fieldRef(pod: KubeObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2] ?? ''] ?? '';
  const values: Record<string, unknown> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return String(values[path] ?? '');
}

function keyRef(cluster: ClusterState, ns: string, kind: 'ConfigMap' | 'Secret', ref: Fields): string {
  const obj = cluster.entry(kind, ns, String(ref.name))?.obj;
  const raw = (obj?.data as Record<string, string> | undefined)?.[String(ref.key)];
  if (raw === undefined) return '';
  return kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

export function containerEnv(cluster: ClusterState, pod: KubeObject, container: string): Map<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const spec = containerSpec(pod, container) ?? {};
  const env = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', pod.metadata.name],
  ]);
  for (const from of (spec.envFrom ?? []) as Fields[]) {
    const kind = from.secretRef ? 'Secret' : 'ConfigMap';
    const ref = (from.secretRef ?? from.configMapRef ?? {}) as Fields;
    const data = (cluster.entry(kind, ns, String(ref.name))?.obj.data ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(data))
      env.set(`${from.prefix ?? ''}${k}`, kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v);
  }
  for (const e of (spec.env ?? []) as Fields[]) {
    const from = e.valueFrom as Fields | undefined;
    let value = String(e.value ?? '');
    if (from?.fieldRef) value = fieldRef(pod, String(from.fieldRef.fieldPath));
    else if (from?.configMapKeyRef) value = keyRef(cluster, ns, 'ConfigMap', from.configMapKeyRef as Fields);
    else if (from?.secretKeyRef) value = keyRef(cluster, ns, 'Secret', from.secretKeyRef as Fields);
    else value = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env.get(name) ?? m);
    env.set(String(e.name), value);
  }
  for (const [k, v] of [
    ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
    ['KUBERNETES_SERVICE_PORT', '443'],
    ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
    ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
    ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
    ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
    ['KUBERNETES_PORT_443_TCP_PORT', '443'],
    ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
  ] as const) {
    env.set(k, v);
  }
  const uid = runAs(pod, spec).uid;
  if (!env.has('HOME')) env.set('HOME', uid === 0 ? '/root' : '/');
  return env;
}

function runAs(pod: KubeObject, spec: Fields): { uid: number; gid: number } {
  const c = (spec.securityContext ?? {}) as Fields;
  const p = (pod.spec?.securityContext ?? {}) as Fields;
  return { uid: Number(c.runAsUser ?? p.runAsUser ?? 0), gid: Number(c.runAsGroup ?? p.runAsGroup ?? 0) };
}

export function systemInfo(cluster: ClusterState, pod: KubeObject, container: string): SystemInfo {
  const spec = containerSpec(pod, container) ?? {};
  const entrypoint = [...((spec.command ?? []) as string[]), ...((spec.args ?? []) as string[])];
  return { hostname: pod.metadata.name, entrypoint, ...runAs(pod, spec), now: cluster.now };
}
