// Pods: listing (raw JSON pages, cheap for 10,000 pods), watching, and reading or deleting one.
import type { KubeConfig } from '@kubernetes/client-node';
import { ClopusError } from '../errors.js';
import type { KubeHttp } from './http.js';
import { KubeApiError, kubeError } from './http.js';
import { collectionPath, objectPath } from './resources.js';
import { Ignored, KubeObject, ObjectList } from './schemas.js';
import { type WatchEventType, type WatchHandle, watchCollection } from './watch.js';

export type { WatchEventType, WatchHandle } from './watch.js';

export interface RawList {
  items: KubeObject[];
  resourceVersion: string;
}

export interface WatchHandlers {
  onEvent(type: WatchEventType, object: KubeObject): void;
  /** The stream ended. `expired` means the resourceVersion is too old (410): relist. */
  onClose(outcome: { expired: boolean; error?: ClopusError }): void;
}

export interface ListOptions {
  pageSize?: number;
  labelSelector?: string;
  /** Receives each page as it arrives, instead of collecting every object (keeps memory at one page). */
  onPage?: (items: KubeObject[]) => void;
  /** What the error of a failed list says was being done (default: list pods in namespace NS). */
  what?: string;
}

/** Lists every pod (of one namespace, or all), following `continue` tokens; returns the objects plus the list's resourceVersion. */
export async function listPods(http: KubeHttp, namespace: string | null, opts: ListOptions = {}): Promise<RawList> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const page = await http.request(
      {
        path: collectionPath('pods', namespace),
        query: { limit: opts.pageSize ?? 500, continue: cont, labelSelector: opts.labelSelector },
      },
      ObjectList,
      opts.what ?? (namespace ? `list pods in namespace ${namespace}` : 'list pods in all namespaces'),
    );
    if (opts.onPage) opts.onPage(page.items);
    else for (const item of page.items) items.push(item);
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}

/** One pod as the server stores it (every field kept; parse it with core's Pod schema to read it). */
export function getPod(
  http: KubeHttp,
  namespace: string,
  name: string,
  what = `get pod ${namespace}/${name}`,
): Promise<KubeObject> {
  return http.request({ path: objectPath('pods', namespace, name) }, KubeObject, what);
}

/**
 * Deletes the pod only while it is still the instance the preconditions name (uid, resourceVersion: the API
 * server enforces them, 409 otherwise). Returns false if it was already gone.
 */
export async function deletePod(
  http: KubeHttp,
  namespace: string,
  name: string,
  preconditions: { uid?: string; resourceVersion?: string },
): Promise<boolean> {
  try {
    await http.request(
      {
        method: 'DELETE',
        path: objectPath('pods', namespace, name),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions },
      },
      Ignored,
      `delete pod ${namespace}/${name}`,
    );
    return true;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    throw err;
  }
}

/** Starts one watch from `resourceVersion`. Calls onClose exactly once, however the stream ends. */
export async function watchPods(
  kc: KubeConfig,
  namespace: string | null,
  resourceVersion: string,
  handlers: WatchHandlers,
): Promise<WatchHandle> {
  let closed = false;
  let expired = false;
  let stopped = false;
  const close = (outcome: { expired: boolean; error?: ClopusError }) => {
    if (closed) return;
    closed = true;
    if (!stopped) handlers.onClose(outcome);
  };
  const handle = await watchCollection(
    kc,
    'pods',
    namespace,
    { resourceVersion },
    {
      onEvent(type, object) {
        if (!closed) handlers.onEvent(type, object);
      },
      onError(status) {
        if (closed) return;
        if (status.code === 410) expired = true;
        else close({ expired: false, error: kubeError(status.code ?? 500, status, 'watch pods') });
      },
      onDone(err) {
        if (err && !expired) {
          const code = (err as { statusCode?: number }).statusCode;
          const error = code
            ? kubeError(code, { message: (err as Error).message }, 'watch pods')
            : new ClopusError('KUBE_UNREACHABLE', `watch pods: ${(err as Error).message ?? String(err)}`, {
                cause: err,
              });
          close({ expired: code === 410, error });
        } else {
          close({ expired });
        }
      },
    },
  );
  return {
    stop() {
      stopped = true;
      closed = true;
      handle.stop();
    },
  };
}
