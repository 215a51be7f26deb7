// Exec over WebSocket (v5/v4.channel.k8s.io) as the kubelet streams it; the command runs in the sandbox shell.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { ResourceDef } from '../kinds.js';
import { runCommand, type Sink } from '../shell/index.js';
import type { KubeObject } from '../types.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { containerEnv, systemInfo } from './exec-env.js';
import { containerStatus, pickContainer } from './pod-containers.js';
import { StatusError } from './status.js';

export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;

interface ExecTarget {
  pod: KubeObject;
  namespace: string;
  container: string;
  argv: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Everything the API server and kubelet check before a stream opens; failures are Status errors. */
export function prepareExec(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string; namespace: string },
): ExecTarget {
  ctx.faults.authorize('create', def, req.namespace, req.name, 'exec');
  const pod = ctx.cluster.entry('Pod', req.namespace, req.name)?.obj;
  if (!pod) throw StatusError.notFound(def, req.name);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw StatusError.badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(pod, req.query.get('container'));
  const argv = req.query.getAll('command');
  if (argv.length === 0) throw StatusError.badRequest('you must specify at least 1 command');
  if (!containerStatus(pod, container)?.state?.running)
    throw StatusError.badRequest(`container not found ("${container}")`);
  const flag = (name: string): boolean => req.query.get(name) === 'true' || req.query.get(name) === '1';
  return {
    pod,
    namespace: req.namespace,
    container,
    argv,
    stdin: flag('stdin'),
    stdout: flag('stdout'),
    stderr: flag('stderr'),
    tty: flag('tty'),
  };
}

export function createExecServer(ctx: ServerContext): {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget): void;
  closeAll(): void;
} {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => [...offered].find((p) => PROTOCOLS.includes(p)) ?? false,
  });
  return {
    upgrade(req, socket, head, target) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        void runSession(ctx, ws, target);
      });
    },
    closeAll() {
      for (const ws of wss.clients) ws.terminate();
    },
  };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

async function runSession(ctx: ServerContext, ws: WebSocket, t: ExecTarget): Promise<void> {
  const abort = new AbortController();
  const send = (channel: number, data: Buffer | string): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
  };
  const chunks: Buffer[] = [];
  let endStdin: () => void = () => undefined;
  const stdinDone = t.stdin ? new Promise<void>((resolve) => (endStdin = resolve)) : Promise.resolve();
  ws.on('message', (data) => {
    const buf = toBuffer(data);
    if (buf[0] === STDIN) chunks.push(buf.subarray(1));
    else if (buf[0] === CLOSE && buf[1] === STDIN) endStdin();
  });
  ws.on('close', () => {
    endStdin();
    abort.abort();
  });
  ws.on('error', () => abort.abort());

  // The kubelet opens with an empty frame; clients wait for it before they treat the stream as live.
  send(STDOUT, Buffer.alloc(0));
  const sink = (channel: number, enabled: boolean): Sink => ({
    write: (d) => enabled && send(channel, Buffer.from(d)),
  });
  const ns = t.namespace;
  const podName = t.pod.metadata.name;
  const image = ((t.pod.spec?.containers ?? []) as { name: string; image?: string }[]).find(
    (c) => c.name === t.container,
  )?.image;
  let status: Record<string, unknown>;
  const [binary = ''] = t.argv;
  const result = ctx.cluster.containers.hasShell(ns, podName, t.container, image)
    ? await runCommand({
        argv: t.argv,
        fs: ctx.cluster.containers.files(ns, podName, t.container),
        env: containerEnv(ctx.cluster, t.pod, t.container),
        sys: systemInfo(ctx.cluster, t.pod, t.container),
        stdin: async () => {
          await stdinDone;
          return Buffer.concat(chunks);
        },
        stdout: sink(STDOUT, t.stdout),
        stderr: sink(t.tty ? STDOUT : STDERR, t.stderr || t.tty),
        signal: abort.signal,
      })
    : { kind: 'not-found' as const, binary };
  if (result.kind === 'not-found') {
    const why = binary.includes('/')
      ? `exec: "${binary}": stat ${binary}: no such file or directory`
      : `exec: "${binary}": executable file not found in $PATH`;
    const cause = `error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`;
    status = {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${cause}`,
      reason: 'InternalError',
      details: { causes: [{ message: cause }] },
      code: 500,
    };
  } else if (result.code === 0) {
    status = { metadata: {}, status: 'Success' };
  } else {
    status = {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${t.argv.join(' ')}], exit code ${result.code}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(result.code) }] },
    };
  }
  send(STATUS, JSON.stringify(status));
  if (ws.readyState === WebSocket.OPEN) ws.close(1000);
}
