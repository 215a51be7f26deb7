// The request dispatcher: auth, injected faults, then discovery or the resource handlers; plus exec upgrades.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Faults } from '../faults.js';
import { type ResourceDef, storeKind } from '../kinds.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { handleDelete, handleDeleteCollection } from './delete.js';
import {
  coreVersionsDoc,
  groupExists,
  groupListDoc,
  resourceListDoc,
  singleGroupDoc,
  versionDoc,
} from './discovery.js';
import { createExecServer, PROTOCOLS, prepareExec } from './exec.js';
import { handleLogs } from './logs.js';
import { openApiGroupVersion, openApiIndex } from './openapi.js';
import { handleGet, handleList } from './read.js';
import { sendError, sendJson } from './respond.js';
import { parseRoute, type Route } from './route.js';
import { StatusError } from './status.js';
import { handleWatch } from './watch.js';
import { handleCreate, handlePatch, handleReplace } from './write.js';
import { scaleOf } from './write-common.js';

export interface ApiServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every exec session (watches end with their sockets). */
  closeStreams(): void;
}

const NOT_FOUND = new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
const UPGRADE_REQUIRED = StatusError.badRequest('Upgrade request required');

function authorized(ctx: ServerContext, req: IncomingMessage): boolean {
  return ctx.token === undefined || req.headers.authorization === `Bearer ${ctx.token}`;
}

export function createApiServer(ctx: ServerContext): ApiServer {
  const exec = createExecServer(ctx);
  return {
    handle(req, res) {
      void (async () => {
        try {
          const url = new URL(req.url ?? '/', 'http://sandbox');
          if (!authorized(ctx, req)) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
          const rule = ctx.faults.take(req.method ?? 'GET', url.pathname + url.search);
          if (rule?.delayMs) await sleep(rule.delayMs);
          if (rule?.status !== undefined) {
            const { body, headers } = Faults.response({ ...rule, status: rule.status });
            sendJson(res, rule.status, body, headers);
            return;
          }
          await dispatch(ctx, parseRoute(url.pathname), url, req, res);
        } catch (err) {
          sendError(res, err);
        }
      })();
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const route = parseRoute(url.pathname);
      try {
        if (!authorized(ctx, req)) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
        if (
          route.kind !== 'resource' ||
          route.def.kind !== 'Pod' ||
          route.subresource !== 'exec' ||
          !route.name ||
          route.namespace === undefined
        )
          throw NOT_FOUND;
        const target = prepareExec(ctx, route.def, {
          namespace: route.namespace,
          name: route.name,
          query: url.searchParams,
        });
        if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
          // kubectl retries a failed WebSocket handshake over SPDY; only the reason above is worth showing it.
          throw StatusError.badRequest(
            'the sandbox API server streams exec over WebSocket only (v5.channel.k8s.io), not SPDY/3.1',
          );
        }
        const offered = String(req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        if (!offered.some((p) => PROTOCOLS.includes(p))) {
          throw StatusError.badRequest(
            `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${PROTOCOLS.join(' ')}]`,
          );
        }
        exec.upgrade(req, socket, head, target);
      } catch (err) {
        rejectUpgrade(socket, err instanceof StatusError ? err : new StatusError(500, 'InternalError', String(err)));
      }
    },
    closeStreams() {
      exec.closeAll();
    },
  };
}

function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function dispatch(
  ctx: ServerContext,
  route: Route,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const get = req.method === 'GET' || req.method === 'HEAD';
  const doc = (body: unknown): void => {
    if (!get) throw StatusError.methodNotAllowed();
    if (body === undefined) throw NOT_FOUND;
    sendJson(res, 200, body);
  };
  switch (route.kind) {
    case 'version':
      return doc(versionDoc(ctx.version));
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    case 'core-versions':
      return doc(coreVersionsDoc(ctx.address()));
    case 'groups':
      return doc(groupListDoc());
    case 'group':
      return doc(groupExists(route.group) ? singleGroupDoc(route.group) : undefined);
    case 'resources':
      return doc(resourceListDoc(route.group, route.version));
    case 'openapi-index':
      return doc(openApiIndex());
    case 'openapi':
      return doc(openApiGroupVersion(route.path));
    case 'not-found':
      throw NOT_FOUND;
    case 'resource': {
      const rr: ResourceRequest = {
        ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
        ...(route.name !== undefined ? { name: route.name } : {}),
        ...(route.subresource !== undefined ? { subresource: route.subresource } : {}),
        query: url.searchParams,
      };
      if (route.watchPath) rr.query.set('watch', 'true');
      return resource(ctx, route.def, rr, req, res);
    }
  }
}

async function resource(
  ctx: ServerContext,
  def: ResourceDef,
  rr: ResourceRequest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { name, subresource } = rr;
  const watch = rr.query.get('watch') === 'true' || rr.query.get('watch') === '1';
  const allowed =
    subresource === undefined ||
    (subresource === 'status' && def.hasStatus) ||
    (subresource === 'scale' && def.hasScale) ||
    (def.kind === 'Pod' && def.group === '' && (subresource === 'log' || subresource === 'exec'));
  if (!allowed) throw NOT_FOUND;
  if (subresource === 'exec') throw UPGRADE_REQUIRED;
  switch (req.method) {
    case 'GET':
      if (name === undefined) return watch ? handleWatch(ctx, def, rr, req, res) : handleList(ctx, def, rr, req, res);
      if (subresource === 'log') return handleLogs(ctx, def, { ...rr, name, namespace: rr.namespace ?? '' }, res);
      if (watch) return handleWatch(ctx, def, rr, req, res);
      if (subresource === 'scale') {
        ctx.faults.authorize('get', def, rr.namespace, name, 'scale');
        const entry = ctx.cluster.entry(storeKind(def), rr.namespace, name);
        if (!entry) throw StatusError.notFound(def, name);
        return sendJson(res, 200, scaleOf(entry.obj));
      }
      return handleGet(ctx, def, { ...rr, name }, req, res);
    case 'POST':
      if (name !== undefined) throw StatusError.methodNotAllowed();
      return handleCreate(ctx, def, rr, req, res);
    case 'PUT':
      if (name === undefined || subresource === 'log') throw StatusError.methodNotAllowed();
      return handleReplace(ctx, def, { ...rr, name }, req, res);
    case 'PATCH':
      if (name === undefined || subresource === 'log') throw StatusError.methodNotAllowed();
      return handlePatch(ctx, def, { ...rr, name }, req, res);
    case 'DELETE':
      if (subresource !== undefined) throw StatusError.methodNotAllowed();
      return name === undefined
        ? handleDeleteCollection(ctx, def, rr, req, res)
        : handleDelete(ctx, def, { ...rr, name }, req, res);
    default:
      throw StatusError.methodNotAllowed();
  }
}
