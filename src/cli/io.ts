// What a command may touch: its streams and env, so tests can run the CLI in-process.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: Record<string, string | undefined>;
  /** Resolves when the command should stop (SIGINT/SIGTERM for serve). */
  signal?: AbortSignal;
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Whether a person is looking at this stream (a terminal), rather than a pipe or a file. */
export const isTerminal = (stream: Readable | Writable): boolean => (stream as { isTTY?: boolean }).isTTY === true;

/** Table cells are cut to this width only on a terminal; piped output is never cut. */
export const cellWidth = (io: CliIo): number | undefined => (isTerminal(io.stdout) ? 80 : undefined);
