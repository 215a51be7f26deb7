// A Clopus process of its own (a `clopus` command, or a child entry under test/adversarial/), for tests that run
// two of them on one database or kill one with SIGKILL: its pid is real, and its death is a real process's death.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type WaitOptions, waitAfterStartup } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A budget for what a child does once it is up: the time before its first output line is not counted (wait.ts). */
export type ChildWait = Pick<WaitOptions, 'timeoutMs' | 'what'>;

export interface ChildRun {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the match once the output matches. Throws when the process exits first, or when the time is up
   * (default 30 s, counted from its first output line; its start-up has STARTUP_MS of its own), with its output.
   */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, opts?: ChildWait): Promise<RegExpExecArray>;
  readonly exited: Promise<Exit>;
  /** Waits for the process to exit on its own, with the budget counted as for `waitFor`. */
  exit(opts?: ChildWait): Promise<Exit>;
  /** Sends the signal (when still running) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const tail = (text: string): string => (text.length > 2000 ? `…${text.slice(-2000)}` : text);

/** Runs `node --import tsx SCRIPT ARGS` with only the environment given (plus PATH). */
export function runChild(script: string, args: string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  let done: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve((done = { code, signal }))));
  const alive = () => out.stdout !== '' || out.stderr !== '' || done !== undefined;
  const output = () => `stdout: ${tail(out.stdout) || '(nothing)'}\nstderr: ${tail(out.stderr) || '(nothing)'}`;
  const who = `pid ${child.pid} (${script.split('/').pop()} ${args.join(' ')})`;
  const within = async <T>(probe: () => T | undefined, what: string, opts: ChildWait): Promise<T> =>
    (await waitAfterStartup(alive, probe, {
      timeoutMs: opts.timeoutMs ?? 30_000,
      intervalMs: 20,
      who,
      what: opts.what ?? what,
      detail: output,
    })) as T;
  return {
    child,
    pid: child.pid!,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    async waitFor(stream, pattern, opts = {}) {
      const seen = await within(
        () => pattern.exec(out[stream]) ?? (done ? 'exited' : undefined),
        `its ${stream} to match ${pattern}`,
        opts,
      );
      if (seen === 'exited')
        throw new Error(`${who} exited (${JSON.stringify(done)}) before its ${stream} matched ${pattern}\n${output()}`);
      return seen;
    },
    exit(opts = {}) {
      return within(() => done, `${who} to exit`, opts);
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
