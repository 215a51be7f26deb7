// core/v1 ConfigMaps: create and delete (the bot may not list them: its Role pins deletes to known names).

import { createObject, type DeleteOptions, deleteObject, nameOf } from './collections.js';
import type { KubeHttp } from './http.js';
import type { KubeObject } from './schemas.js';

export function createConfigMap(
  http: KubeHttp,
  namespace: string,
  configMap: unknown,
  what = `create ConfigMap ${namespace}/${nameOf(configMap)}`,
): Promise<KubeObject> {
  return createObject(http, 'configmaps', namespace, configMap, what);
}

export function deleteConfigMap(
  http: KubeHttp,
  namespace: string,
  name: string,
  opts: DeleteOptions = {},
): Promise<void> {
  return deleteObject(http, 'configmaps', namespace, name, {
    ...opts,
    what: opts.what ?? `delete ConfigMap ${namespace}/${name}`,
  });
}
