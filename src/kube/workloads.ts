// Workload get and patch (strategic merge by default, strict field validation), with server-side dry run.
import { z } from 'zod';
import { ClopusError } from '../errors.js';
import type { KubeHttp } from './http.js';
import { workloadPath } from './owners.js';
import { KubeObject, ObjectMeta } from './schemas.js';

export type PatchType = 'strategic' | 'merge' | 'json';

const CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

export interface WorkloadObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    [k: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A workload answer: named and namespaced, every field kept. */
const Workload = KubeObject.extend({
  metadata: ObjectMeta.extend({ name: z.string(), namespace: z.string(), generation: z.number().optional() }),
  spec: z.record(z.string(), z.unknown()).optional(),
  status: z.record(z.string(), z.unknown()).optional(),
});

function pathFor(kind: string, namespace: string, name: string): string {
  const path = workloadPath(kind, namespace, name);
  if (!path)
    throw new ClopusError(
      'INPUT_INVALID',
      `cannot get or patch a ${kind}: only ReplicaSet, Deployment, StatefulSet, DaemonSet, Job and CronJob`,
    );
  return path;
}

export async function getWorkload(
  http: KubeHttp,
  kind: string,
  namespace: string,
  name: string,
): Promise<WorkloadObject> {
  return http.request({ path: pathFor(kind, namespace, name) }, Workload, `get ${kind} ${namespace}/${name}`);
}

/**
 * Patches a workload; with `dryRun` the server validates and returns the result without persisting it. Always
 * with fieldValidation=Strict: by default a server drops a field its schema does not know (a typo, a field of
 * a newer version) and still answers 200, so a dry run would approve a patch that silently does less than it says.
 */
export async function patchWorkload(
  http: KubeHttp,
  target: { kind: string; namespace: string; name: string },
  patch: unknown,
  opts: { dryRun: boolean; type?: PatchType; fieldManager?: string },
): Promise<WorkloadObject> {
  return http.request(
    {
      method: 'PATCH',
      path: pathFor(target.kind, target.namespace, target.name),
      query: {
        dryRun: opts.dryRun ? 'All' : undefined,
        fieldManager: opts.fieldManager ?? 'clopus',
        fieldValidation: 'Strict',
      },
      body: patch,
      contentType: CONTENT_TYPES[opts.type ?? 'strategic'],
    },
    Workload,
    `${opts.dryRun ? 'dry-run patch' : 'patch'} ${target.kind} ${target.namespace}/${target.name}`,
  );
}
