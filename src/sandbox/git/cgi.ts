// git http-backend run as a CGI, as Apache or nginx+fcgiwrap would: request headers become HTTP_* variables
// (so Content-Encoding: gzip and Git-Protocol reach it), bodies stream both ways, and the CGI's own headers
// (with `Status:`) become the HTTP response.
import { type ChildProcess, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BACKEND } from './env.js';

export interface CgiContext {
  projectRoot: string;
  env: Record<string, string>;
  remoteUser: string;
  /** Running backends, so stop() can end them. */
  children: Set<ChildProcess>;
}

/** Headers that CGI passes as their own variables, or must never reach the backend. */
const NOT_PASSED = new Set(['authorization', 'content-type', 'content-length', 'proxy']);

function cgiEnv(req: IncomingMessage, url: URL, ctx: CgiContext): Record<string, string> {
  const env: Record<string, string> = {
    ...ctx.env,
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: 'clopus-fake-git',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REMOTE_USER: ctx.remoteUser,
    AUTH_TYPE: 'Basic',
    GIT_PROJECT_ROOT: ctx.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
  };
  if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type'];
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  for (const [name, value] of Object.entries(req.headers)) {
    if (NOT_PASSED.has(name) || value === undefined) continue;
    env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = Array.isArray(value) ? value.join(', ') : value;
  }
  return env;
}

/** Finds the blank line ending the CGI headers; returns the header text and where the body starts. */
function splitHead(buf: Buffer): { head: string; bodyAt: number } | null {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return null;
  if (crlf !== -1 && (lf === -1 || crlf < lf))
    return { head: buf.subarray(0, crlf).toString('latin1'), bodyAt: crlf + 4 };
  return { head: buf.subarray(0, lf).toString('latin1'), bodyAt: lf + 2 };
}

function writeHead(res: ServerResponse, head: string): void {
  let status = 200;
  let reason: string | undefined;
  const headers: Record<string, string[]> = {};
  for (const line of head.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const name = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (name.toLowerCase() === 'status') {
      const m = /^(\d{3})\s*(.*)$/.exec(value);
      status = Number(m?.[1] ?? 500);
      reason = m?.[2] || undefined;
    } else (headers[name] ??= []).push(value);
  }
  if (reason) res.writeHead(status, reason, headers);
  else res.writeHead(status, headers);
}

export function runBackend(req: IncomingMessage, res: ServerResponse, url: URL, ctx: CgiContext): void {
  const [cmd = 'git', ...args] = BACKEND;
  const child = spawn(cmd, args, { env: cgiEnv(req, url, ctx), stdio: ['pipe', 'pipe', 'pipe'] });
  ctx.children.add(child);
  let pending: Buffer = Buffer.alloc(0);
  let headersSent = false;
  let stderr = '';

  req.pipe(child.stdin);
  child.stdin.on('error', () => {}); // the backend may exit before reading the whole body (a refused push)
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const split = splitHead(pending);
    if (!split) return;
    writeHead(res, split.head);
    headersSent = true;
    if (split.bodyAt < pending.length) res.write(pending.subarray(split.bodyAt));
  });
  child.on('error', (err) => fail(`could not start ${cmd}: ${err.message}`));
  child.on('close', (code) => {
    ctx.children.delete(child);
    if (!headersSent) fail(`git http-backend exited ${code} without a response: ${stderr}`);
    else res.end();
  });
  res.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  function fail(message: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    headersSent = true;
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`${message}\n`);
  }
}
