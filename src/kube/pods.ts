// Listing and watching pods: raw JSON pages (cheap for 10,000 pods) and client-node's Watch for the stream.
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeHttp } from './http.js';
import { kubeError } from './http.js';
import { ClopusError } from '../errors.js';

export interface RawList {
  items: unknown[];
  resourceVersion: string;
}

interface ListPage {
  items?: unknown[];
  metadata?: { resourceVersion?: string; continue?: string };
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchHandlers {
  onEvent(type: WatchEventType, object: unknown): void;
  /** The stream ended. `expired` means the resourceVersion is too old (410): relist. */
  onClose(outcome: { expired: boolean; error?: ClopusError }): void;
}

export interface WatchHandle {
  stop(): void;
}

function podsPath(namespace: string | null): string {
  return namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods';
}

export interface ListOptions {
  pageSize?: number;
  labelSelector?: string;
  /** Receives each page as it arrives, instead of collecting every raw object (keeps memory at one page). */
  onPage?: (items: unknown[]) => void;
}

/** Lists every pod (of one namespace, or all), following `continue` tokens; returns raw objects plus the list's resourceVersion. */
export async function listPods(http: KubeHttp, namespace: string | null, opts: ListOptions = {}): Promise<RawList> {
  const items: unknown[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const page = await http.request<ListPage>(
      { path: podsPath(namespace), query: { limit: opts.pageSize ?? 500, continue: cont, labelSelector: opts.labelSelector } },
      namespace ? `list pods in namespace ${namespace}` : 'list pods in all namespaces',
    );
    if (opts.onPage) opts.onPage(page.items ?? []);
    else for (const item of page.items ?? []) items.push(item);
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}

/** Starts one watch from `resourceVersion`. Calls onClose exactly once, however the stream ends. */
export async function watchPods(kc: KubeConfig, namespace: string | null, resourceVersion: string, handlers: WatchHandlers): Promise<WatchHandle> {
  let closed = false;
  let expired = false;
  let stopped = false;
  const close = (outcome: { expired: boolean; error?: ClopusError }) => {
    if (closed) return;
    closed = true;
    if (!stopped) handlers.onClose(outcome);
  };
  const { Watch } = await import('@kubernetes/client-node');
  const watch = new Watch(kc);
  const controller = await watch.watch(
    podsPath(namespace),
    { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
    (type, object) => {
      if (closed) return;
      if (type === 'ERROR') {
        const status = object as { code?: number; message?: string; reason?: string };
        if (status.code === 410) expired = true;
        else close({ expired: false, error: kubeError(status.code ?? 500, status, 'watch pods') });
        return;
      }
      handlers.onEvent(type as WatchEventType, object);
    },
    (err: unknown) => {
      if (err && !expired) {
        const code = (err as { statusCode?: number }).statusCode;
        const error = code ? kubeError(code, { message: (err as Error).message }, 'watch pods') : new ClopusError('KUBE_UNREACHABLE', `watch pods: ${(err as Error).message ?? String(err)}`, { cause: err });
        close({ expired: code === 410, error });
      } else {
        close({ expired });
      }
    },
  );
  return {
    stop() {
      stopped = true;
      closed = true;
      controller.abort();
    },
  };
}
