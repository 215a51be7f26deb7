// A Clopus process of its own (a `clopus` command, or a child entry under test/adversarial/), for tests that run
// two of them on one database or kill one with SIGKILL: its pid is real, and its death is a real process's death.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once the output matches, or with false when the process exits or the time is up first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<boolean>;
  readonly exited: Promise<Exit>;
  /** Sends the signal (when still running) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Runs `node --import tsx SCRIPT ARGS` with only the environment given (plus PATH). */
export function runChild(script: string, args: string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  let done: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve((done = { code, signal }))));
  return {
    child,
    pid: child.pid!,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    async waitFor(stream, pattern, timeoutMs = 30_000) {
      return waitFor(() => pattern.test(out[stream]) || done !== undefined, { timeoutMs, intervalMs: 20 }).then(() => pattern.test(out[stream]));
    },
    async stop(signal = 'SIGTERM') {
      if (done === undefined) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the `clopus` CLI entry (src/cli/index.ts, what bin/clopus.js runs in a checkout). */
export function runClopus(args: string[], env: Record<string, string>): ChildRun {
  return runChild(`${ROOT}src/cli/index.ts`, args, env);
}
