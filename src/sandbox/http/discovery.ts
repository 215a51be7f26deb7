// /version and the legacy discovery documents kubectl reads before anything else.
import { apiVersionOf, groupVersions, RESOURCES, type ResourceDef } from '../kinds.js';

export interface VersionInfo {
  major: string;
  minor: string;
}

export function versionDoc(v: VersionInfo): Record<string, string> {
  return {
    major: v.major,
    minor: v.minor,
    gitVersion: `v${v.major}.${v.minor.replace(/\D+$/, '')}.4`,
    gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersionsDoc(host: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

function groupDoc(group: string): unknown {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function groupListDoc(): unknown {
  const groups = [
    ...new Set(
      groupVersions()
        .map((gv) => gv.group)
        .filter((g) => g !== ''),
    ),
  ];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDoc) };
}

export function groupExists(group: string): boolean {
  return group !== '' && groupVersions().some((gv) => gv.group === group);
}

export function singleGroupDoc(group: string): unknown {
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(group) as object) };
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceEntries(def: ResourceDef): unknown[] {
  const main = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: ALL_VERBS,
    ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
  };
  const sub = (name: string, kind: string, verbs: string[], extra: object = {}): unknown => ({
    name: `${def.plural}/${name}`,
    singularName: '',
    namespaced: def.namespaced,
    kind,
    verbs,
    ...extra,
  });
  const out: unknown[] = [main];
  if (def.hasScale)
    out.push(sub('scale', 'Scale', ['get', 'patch', 'update'], { group: 'autoscaling', version: 'v1' }));
  if (def.hasStatus) out.push(sub('status', def.kind, ['get', 'patch', 'update']));
  if (def.kind === 'Pod' && def.group === '') {
    out.push(sub('exec', 'PodExecOptions', ['create', 'get']), sub('log', 'Pod', ['get']));
  }
  return out;
}

export function resourceListDoc(group: string, version: string): unknown | undefined {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  const first = defs[0] as ResourceDef;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(first),
    resources: defs.flatMap(resourceEntries),
  };
}
