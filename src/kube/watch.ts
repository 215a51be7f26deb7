// A watch of one collection through client-node's Watch (loaded on first use), every event object parsed.
import type { KubeConfig } from '@kubernetes/client-node';
import { type Collection, collectionPath, type Selectors } from './resources.js';
import { KubeObject, WatchStatus } from './schemas.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchHandle {
  stop(): void;
}

export interface CollectionWatchOptions extends Selectors {
  resourceVersion?: string;
  timeoutSeconds?: number;
}

export interface CollectionWatchHandlers {
  onEvent(type: WatchEventType, object: KubeObject): void;
  /**
   * An ERROR event, with its Status (code 410: the resourceVersion is too old); the stream may still be open. An
   * event whose object is not a Kubernetes object comes here too, as a 500.
   */
  onError(status: WatchStatus): void;
  /** The stream ended: `err` is what broke it, undefined for a clean end (stop() may end it too). */
  onDone(err: unknown): void;
}

const NOT_AN_OBJECT: WatchStatus = {
  code: 500,
  reason: 'InternalError',
  message: 'the API server sent a watch event that is not a Kubernetes object',
};

/** Starts one watch of `collection` (in `namespace`, or all of them), with bookmarks, for at most 300 s by default. */
export async function watchCollection(
  kc: KubeConfig,
  collection: Collection,
  namespace: string | null,
  opts: CollectionWatchOptions,
  handlers: CollectionWatchHandlers,
): Promise<WatchHandle> {
  const { Watch } = await import('@kubernetes/client-node');
  const { timeoutSeconds, ...query } = opts;
  const controller = await new Watch(kc).watch(
    collectionPath(collection, namespace),
    { ...query, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds ?? 300 },
    (type: string, object: unknown) => {
      if (type === 'ERROR') {
        const status = WatchStatus.safeParse(object);
        handlers.onError(status.success ? status.data : NOT_AN_OBJECT);
        return;
      }
      const parsed = KubeObject.safeParse(object);
      if (parsed.success) handlers.onEvent(type as WatchEventType, parsed.data);
      else handlers.onError(NOT_AN_OBJECT);
    },
    (err: unknown) => handlers.onDone(err),
  );
  return { stop: () => controller.abort() };
}
