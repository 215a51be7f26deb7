// batch/v1 Jobs: create, list by selector, delete (with a propagation policy for their pods).

import {
  createObject,
  type DeleteOptions,
  deleteObject,
  type ListCollectionOptions,
  listCollection,
  nameOf,
} from './collections.js';
import type { KubeHttp } from './http.js';
import type { KubeObject, ObjectList } from './schemas.js';

export function createJob(
  http: KubeHttp,
  namespace: string,
  job: unknown,
  what = `create Job ${namespace}/${nameOf(job)}`,
): Promise<KubeObject> {
  return createObject(http, 'jobs', namespace, job, what);
}

export function listJobs(http: KubeHttp, namespace: string, opts: ListCollectionOptions = {}): Promise<ObjectList> {
  return listCollection(http, 'jobs', namespace, { ...opts, what: opts.what ?? `list Jobs in ${namespace}` });
}

export function deleteJob(http: KubeHttp, namespace: string, name: string, opts: DeleteOptions = {}): Promise<void> {
  return deleteObject(http, 'jobs', namespace, name, { ...opts, what: opts.what ?? `delete Job ${namespace}/${name}` });
}
