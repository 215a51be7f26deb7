// The Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards), as far as a
// pod spec shows it: what the API server's admission would refuse in a namespace that enforces it.
const VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** Each violation as a sentence; empty when the pod meets "restricted". */
export function restrictedViolations(pod: any): string[] {
  const out: string[] = [];
  const podSc = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push('host namespaces');
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !VOLUME_TYPES.has(type)) out.push(`volume ${v.name} of type ${type}`);
  }
  if (podSc.runAsUser === 0) out.push('pod runAsUser 0');
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) out.push(`${c.name}: runAsUser 0`);
    if (!SECCOMP.has(sc.seccompProfile?.type ?? podSc.seccompProfile?.type))
      out.push(`${c.name}: no RuntimeDefault or Localhost seccomp profile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities not dropped (ALL)`);
    for (const cap of sc.capabilities?.add ?? [])
      if (cap !== 'NET_BIND_SERVICE') out.push(`${c.name}: adds capability ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${c.name}: hostPort ${p.hostPort}`);
  }
  return out;
}
