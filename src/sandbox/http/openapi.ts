// A minimal OpenAPI v3: enough for kubectl create/apply to learn that the server validates fields itself
// (the PATCH operations declare fieldValidation), so kubectl needs no client-side schema.
import { groupVersions, RESOURCES } from '../kinds.js';

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

export function openApiIndex(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const p = gvPath(group, version);
    paths[p] = {
      serverRelativeURL: `/openapi/v3/${p}?hash=SANDBOX${group.replace(/\W/g, '').toUpperCase()}${version.toUpperCase()}`,
    };
  }
  return { paths };
}

/** The document for one group/version (path "api/v1" or "apis/apps/v1"), or undefined. */
export function openApiGroupVersion(path: string): unknown | undefined {
  const gv = groupVersions().find(({ group, version }) => gvPath(group, version) === path);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const def of RESOURCES.filter((r) => r.group === gv.group && r.version === gv.version)) {
    const base = `/${path}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.plural}/{name}`;
    paths[base] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
        'x-kubernetes-action': 'patch',
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
          name,
          in: 'query',
          schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
        })),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: {} } };
}
