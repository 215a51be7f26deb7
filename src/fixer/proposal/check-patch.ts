// Which strategic-merge patches of the incident's workload are acceptable: spec changes that do not widen
// what the pods may do on their node or in the cluster.
import type { ProposalScope } from './check.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;
const SERVICE_ACCOUNT_KEYS = ['serviceAccountName', 'serviceAccount'] as const;
const CONTAINER_LISTS = ['containers', 'initContainers'] as const;
/** Maps of free-form strings: a label called "privileged" is just a label. */
const STRING_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector']);

/** Checks one key/value pair somewhere under spec; `at` is its dotted path, for the message. */
function checkField(key: string, value: Json, at: string, scope: ProposalScope): string[] {
  if (key.startsWith('$')) return [`${at}: strategic-merge directives (${key}) are not accepted; state the fields explicitly`];
  if ((key === 'privileged' || key === 'allowPrivilegeEscalation') && value === true) return [`${at}: sets ${key}: true`];
  if ((HOST_NAMESPACES as readonly string[]).includes(key) && value === true) return [`${at}: shares the node's namespace (${key}: true)`];
  if (key === 'hostPath') return [`${at}: mounts a hostPath volume from the node`];
  if (key === 'hostPort') return [`${at}: binds a port on the node (hostPort)`];
  if (key === 'procMount' && value !== 'Default') return [`${at}: changes procMount`];
  if (key === 'ephemeralContainers') return [`${at}: adds ephemeral containers`];
  if (key === 'automountServiceAccountToken' && value === true) return [`${at}: mounts the service account token`];
  if ((SERVICE_ACCOUNT_KEYS as readonly string[]).includes(key) && value !== scope.serviceAccountName) {
    return [`${at}: changes the service account to "${String(value)}"`];
  }
  if (key === 'capabilities' && isObject(value) && Array.isArray(value.add) && value.add.length > 0) {
    return [`${at}.add: adds capabilities ${value.add.map(String).join(', ')}`];
  }
  if ((CONTAINER_LISTS as readonly string[]).includes(key) && Array.isArray(value) && scope.containers) {
    return value
      .map((c) => (isObject(c) ? c.name : undefined))
      .filter((n) => typeof n !== 'string' || !scope.containers!.includes(n))
      .map((n) => `${at}: container "${String(n)}" is not in the workload (${scope.containers!.join(', ')}); the patch would add it`);
  }
  return [];
}

function walk(value: Json, at: string, scope: ProposalScope): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, `${at}[${i}]`, scope));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${at}.${k}`;
    if (STRING_MAPS.has(k)) return [];
    const own = checkField(k, v, here, scope);
    return own.length > 0 ? own : walk(v, here, scope);
  });
}

/** Reasons a strategic-merge patch of the incident's workload is refused; empty when acceptable. */
export function checkPatch(patch: Record<string, Json>, scope: ProposalScope): string[] {
  const problems: string[] = [];
  if (Object.keys(patch).length === 0) problems.push('the patch is empty');
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'spec') problems.push(...walk(value, 'spec', scope));
    else if (key === 'metadata' && isObject(value)) {
      for (const field of Object.keys(value)) {
        if (field === 'name' || field === 'namespace') problems.push(`metadata.${field}: a patch must not rename or move the workload`);
        else if (field !== 'labels' && field !== 'annotations') problems.push(`metadata.${field}: only labels and annotations may be patched`);
      }
    } else problems.push(`${key}: only spec, metadata.labels and metadata.annotations may be patched`);
  }
  return problems;
}
