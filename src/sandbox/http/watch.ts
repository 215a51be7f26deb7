// Watch streams: newline-delimited events from a resourceVersion, selector-aware, with bookmarks and 410 Expired.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceDef, storeKind } from '../kinds.js';
import type { Matcher } from '../selectors.js';
import { parseIncludeObject, toTable, wantsTable } from '../table.js';
import type { ChangeEvent, Entry, KubeObject } from '../types.js';
import { toView, viewJson } from '../views.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { requestFilter } from './read.js';
import { StatusError } from './status.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export function handleWatch(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest,
  httpReq: IncomingMessage,
  res: ServerResponse,
): void {
  ctx.faults.authorize('watch', def, req.namespace);
  const { query } = req;
  const filter = watchFilter(def, req);
  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam !== '' && !/^\d+$/.test(rvParam))
    throw StatusError.badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`);
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const table = wantsTable(httpReq.headers.accept);
  const includeObject = parseIncludeObject(query.get('includeObject'));
  const kind = storeKind(def);
  const cluster = ctx.cluster;
  let sentColumns = false;

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const objectJson = (entry: Entry): string => {
    if (!table) return viewJson(def, entry);
    const json = JSON.stringify(
      toTable(def, [entry.obj], {
        includeObject,
        now: cluster.now().getTime(),
        view: (o) => toView(def, o),
        omitColumns: sentColumns,
      }),
    );
    sentColumns = true;
    return json;
  };
  const send = (type: EventType, entry: Entry): void => {
    res.write(`{"type":"${type}","object":${objectJson(entry)}}\n`);
  };
  const deliver = (change: ChangeEvent): void => {
    if (change.kind !== kind) return;
    const now = change.type !== 'DELETED' && matches(filter, req.namespace, change.entry.obj);
    const before = change.prev !== undefined && matches(filter, req.namespace, change.prev.obj);
    if (change.type === 'DELETED') {
      if (matches(filter, req.namespace, change.entry.obj)) send('DELETED', change.entry);
    } else if (now) {
      send(change.type === 'MODIFIED' && before ? 'MODIFIED' : 'ADDED', change.entry);
    } else if (before) {
      // The object left the selection: watchers see it deleted, as from a real server.
      send('DELETED', change.entry);
    }
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    if (table) return;
    const metadata = { resourceVersion: cluster.resourceVersion, ...(annotations ? { annotations } : {}) };
    res.write(
      `{"type":"BOOKMARK","object":${JSON.stringify({ kind: def.kind, apiVersion: apiVersionOf(def), metadata })}}\n`,
    );
  };

  if (rvParam === '' || rvParam === '0' || sendInitial) {
    const page = cluster.page(kind, {
      ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
      ...(filter ? { filter } : {}),
    });
    for (const entry of page.entries) send('ADDED', entry);
    if (sendInitial && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const changes = cluster.changesSince(Number(rvParam));
    if (!changes) {
      const status = new StatusError(
        410,
        'Expired',
        `too old resource version: ${rvParam} (${cluster.oldestResumable + 1})`,
      ).toStatus();
      delete status.details;
      res.end(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      return;
    }
    for (const change of changes) deliver(change);
  }

  const unsubscribe = cluster.subscribe(deliver);
  const timers: NodeJS.Timeout[] = [];
  if (bookmarks) timers.push(setInterval(() => bookmark(), ctx.bookmarkIntervalMs).unref());
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000).unref());
  const cleanup = (): void => {
    unsubscribe();
    unregister();
    for (const t of timers) clearTimeout(t);
  };
  const unregister = ctx.faults.registerWatch(() => {
    cleanup();
    res.write('{"type":"MODIFIED","object":{"kind":"');
    res.socket?.destroy();
  });
  res.on('close', cleanup);
}

function watchFilter(def: ResourceDef, req: ResourceRequest): Matcher | undefined {
  const selected = requestFilter(def, req);
  // A watch on /…/pods/{name} (legacy path form) watches one object.
  if (req.name === undefined) return selected;
  const name = req.name;
  return (obj) => obj.metadata.name === name && (!selected || selected(obj));
}

function matches(filter: Matcher | undefined, namespace: string | undefined, obj: KubeObject): boolean {
  if (namespace !== undefined && obj.metadata.namespace !== namespace) return false;
  return !filter || filter(obj);
}
