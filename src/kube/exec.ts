// Exec in a container over client-node's WebSocket (v5 channel protocol): argv in, stdout/stderr/exit code out.

import { Readable, Writable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import { ClopusError } from '../errors.js';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  argv: string[];
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** Bytes kept per stream; the rest is dropped and `truncated` set. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  truncated: boolean;
}

class CappedSink extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly cap: number) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const room = this.cap - this.size;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(Buffer.from(part));
      this.size += part.length;
    }
    if (chunk.length > room) this.truncated = true;
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The exit code in a v5 status frame: Success → 0, NonZeroExitCode → its cause, anything else → -1 with the message. */
function exitCodeOf(status: V1Status): { code: number; message?: string } {
  if (status.status === 'Success') return { code: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message && /^\d+$/.test(cause.message)) return { code: Number(cause.message) };
  return { code: -1, message: status.message ?? 'exec failed' };
}

export async function execInContainer(kc: KubeConfig, req: ExecRequest): Promise<ExecResult> {
  if (req.argv.length === 0) throw new ClopusError('INPUT_INVALID', 'exec needs a command: the argv is empty');
  const cap = req.maxOutputBytes ?? 1024 * 1024;
  const stdout = new CappedSink(cap);
  const stderr = new CappedSink(cap);
  const stdin = req.stdin === undefined ? null : Readable.from([Buffer.from(req.stdin)]);
  const where = `${req.namespace}/${req.pod}/${req.container}`;
  const { Exec } = await import('@kubernetes/client-node');
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let socket: { close(): void; on(ev: 'close', fn: () => void): void } | undefined;
    let status: V1Status | undefined;
    const finish = (err?: ClopusError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.close();
      if (err) return reject(err);
      if (!status)
        return reject(
          new ClopusError(
            'EXEC_FAILED',
            `exec in ${where}: the connection closed before the command reported an exit status`,
          ),
        );
      const { code, message } = exitCodeOf(status);
      if (code === -1) return reject(new ClopusError('EXEC_FAILED', `exec in ${where}: ${message}`));
      resolve({
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode: code,
        truncated: stdout.truncated || stderr.truncated,
      });
    };
    const timer = setTimeout(
      () =>
        finish(new ClopusError('EXEC_TIMEOUT', `exec in ${where} did not finish within ${req.timeoutMs ?? 30_000} ms`)),
      req.timeoutMs ?? 30_000,
    );
    new Exec(kc)
      .exec(req.namespace, req.pod, req.container, req.argv, stdout, stderr, stdin, false, (s) => {
        status = s;
        // The status frame is the last the server sends; let the streams flush before resolving.
        setImmediate(() => finish());
      })
      .then((ws) => {
        socket = ws as unknown as typeof socket;
        ws.on('close', () => setImmediate(() => finish()));
        if (settled) ws.close();
      })
      .catch((err: unknown) =>
        finish(
          new ClopusError('EXEC_FAILED', `exec in ${where}: ${(err as Error).message ?? String(err)}`, { cause: err }),
        ),
      );
  });
}
