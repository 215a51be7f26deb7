// Writing JSON responses and reading request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from './status.js';

const CHUNK = 1 << 20;

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

/** Streams a JSON document made of pre-serialised pieces without building one huge string. */
export function sendJsonParts(res: ServerResponse, parts: Iterable<string>): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  let buffer = '';
  for (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK) {
      res.write(buffer);
      buffer = '';
    }
  }
  res.end(buffer);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status =
    err instanceof StatusError
      ? err
      : new StatusError(
          500,
          'InternalError',
          `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
        );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status.toStatus(), status.headers);
}

export async function readBody(req: IncomingMessage, limit = 3 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim();
  if (type !== 'application/json' && type !== '*/*') {
    // kubectl's typed imperative commands (create namespace/deployment/configmap, run) send protobuf, which this
    // server does not decode; say so plainly, since client-go does not fall back to JSON.
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json (the sandbox does not decode ${type}; use kubectl create -f or kubectl apply -f)`,
    );
  }
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw StatusError.badRequest(
      `the body of the request was in an unknown format: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
