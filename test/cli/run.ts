// Runs the CLI in-process with captured streams, as a terminal would see it.
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; stdin?: string; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, {
    stdout,
    stderr,
    stdin: Readable.from([opts.stdin ?? '']),
    env: opts.env ?? {},
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { code, stdout: out, stderr: err };
}
