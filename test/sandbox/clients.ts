// Helpers that drive the sandbox through @kubernetes/client-node, for the sandbox tests.
import { PassThrough } from 'node:stream';
import { Exec, type V1Status, Watch } from '@kubernetes/client-node';
import type { Sandbox } from '../../src/sandbox/index.js';
import { waitFor } from '../helpers/wait.js';

export interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    code?: number;
    reason?: string;
    metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
    status?: { phase?: string };
  };
}

export interface RecordedWatch {
  events: WatchEvent[];
  /** Resolves with the error (or null) when the stream ends. */
  done: Promise<unknown>;
  abort(): void;
}

/** Opens a client-node Watch and records every event. */
export async function startWatch(
  sb: Sandbox,
  path: string,
  query: Record<string, string> = {},
): Promise<RecordedWatch> {
  const events: WatchEvent[] = [];
  let resolveDone: (err: unknown) => void = () => undefined;
  const done = new Promise<unknown>((resolve) => (resolveDone = resolve));
  const controller = await new Watch(sb.kubeConfig()).watch(
    path,
    query,
    (type, object) => events.push({ type, object: object as WatchEvent['object'] }),
    (err) => resolveDone(err ?? null),
  );
  return { events, done, abort: () => controller.abort() };
}

/** Polls `check` every 5 ms until it holds; throws naming it when the time (only a guard against a hang) is up. */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  await waitFor(check, { timeoutMs, intervalMs: 5 });
}

export interface ExecResult {
  out: string;
  err: string;
  status: V1Status;
}

/** Runs a command through client-node's Exec (v5) and waits for its status, as Exec.exec resolves on open. */
export function runExec(
  sb: Sandbox,
  ns: string,
  pod: string,
  container: string,
  command: string[],
  input?: string,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const stdin = input === undefined ? null : new PassThrough();
    new Exec(sb.kubeConfig())
      .exec(ns, pod, container, command, stdout, stderr, stdin, false, (status) => resolve({ out, err, status }))
      .then(() => stdin?.end(input))
      .catch(reject);
  });
}

/** The exit code an exec status carries (0 for Success). */
export function exitCode(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause ? Number(cause.message) : undefined;
}
