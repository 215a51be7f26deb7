// The table of kinds the sandbox serves: adding a kind is one line here (plus, optionally, Table columns in table.ts).

export interface ResourceDef {
  /** API group; '' is the core group served under /api/v1. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** Has a /status subresource, so writes to the main resource keep the stored status (and vice versa). */
  readonly hasStatus: boolean;
  /** Has a /scale subresource (autoscaling/v1 Scale). */
  readonly hasScale: boolean;
  /** Extra field selectors beyond metadata.name and metadata.namespace. */
  readonly fields: readonly string[];
  /** The kind whose store holds these objects when this resource is another view of it (events.k8s.io → core Event). */
  readonly storedAs?: string;
  readonly categories?: readonly string[];
}

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
  'regarding.kind',
  'regarding.namespace',
  'regarding.name',
  'regarding.uid',
  'reportingController',
];
const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];

type Row = [
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[],
  status: boolean,
  scale: boolean,
  fields?: string[],
];

const ROWS: Row[] = [
  ['', 'v1', 'Namespace', 'namespaces', false, ['ns'], true, false, ['status.phase']],
  ['', 'v1', 'Pod', 'pods', true, ['po'], true, false, POD_FIELDS],
  ['', 'v1', 'Event', 'events', true, ['ev'], false, false, EVENT_FIELDS],
  ['', 'v1', 'ConfigMap', 'configmaps', true, ['cm'], false, false],
  ['', 'v1', 'Secret', 'secrets', true, [], false, false, ['type']],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa'], false, false],
  ['apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], true, true],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], true, true, ['status.replicas']],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], true, true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], true, false],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true, [], false, false],
  ['batch', 'v1', 'Job', 'jobs', true, [], true, false, ['status.successful']],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], true, false],
  // GitOps custom resources (served as CRDs would be: no schema, so every field is kept as written).
  ['argoproj.io', 'v1alpha1', 'Application', 'applications', true, ['app', 'apps'], true, false],
  ['kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', true, ['ks'], true, false],
  ['source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', true, ['gitrepo'], true, false],
  ['helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', true, ['hr'], true, false],
];

const IN_ALL = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export const RESOURCES: readonly ResourceDef[] = [
  ...ROWS.map(([group, version, kind, plural, namespaced, shortNames, hasStatus, hasScale, fields]) => ({
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    hasStatus,
    hasScale,
    fields: fields ?? [],
    ...(IN_ALL.has(kind) ? { categories: ['all'] } : {}),
  })),
  {
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    hasStatus: false,
    hasScale: false,
    fields: EVENT_FIELDS,
    storedAs: 'Event',
  },
];

export function apiVersionOf(def: ResourceDef): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** The store a resource's objects live in (events.k8s.io events share core Event storage, as in a real cluster). */
export function storeKind(def: ResourceDef): string {
  return def.storedAs ?? def.kind;
}

/** The resource a `kind` (or plural, or short name) names; the core/storage resource wins for shared kinds. */
const byName = new Map<string, ResourceDef>();

export function resourceFor(kind: string): ResourceDef {
  const cached = byName.get(kind);
  if (cached) return cached;
  const lower = kind.toLowerCase();
  const def = RESOURCES.find(
    (r) =>
      !r.storedAs && (r.kind === kind || r.plural === lower || r.singular === lower || r.shortNames.includes(lower)),
  );
  if (!def) throw new Error(`sandbox: unsupported kind ${kind}`);
  byName.set(kind, def);
  return def;
}

export function resourceAt(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}
