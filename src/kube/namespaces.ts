// Namespaces: list their names, read one.
import type { KubeHttp } from './http.js';
import { namespacePath } from './resources.js';
import { KubeObject, ObjectList } from './schemas.js';

export async function listNamespaces(http: KubeHttp): Promise<string[]> {
  const list = await http.request({ path: namespacePath() }, ObjectList, 'list namespaces');
  return list.items.map((n) => n.metadata?.name ?? '').filter(Boolean);
}

/** The namespace; throws KUBE_NOT_FOUND when there is none of that name. */
export function getNamespace(http: KubeHttp, name: string): Promise<KubeObject> {
  return http.request({ path: namespacePath(name) }, KubeObject, `get namespace ${name}`);
}
