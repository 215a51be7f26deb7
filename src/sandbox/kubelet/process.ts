// A container's process: started in its own process group (so the whole tree can be killed, as when a container
// stops), its output kept line by line, and its memory held to the container's limit by sampling the tree's RSS.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export type KillReason = 'oom' | 'deadline' | 'deleted' | 'stopped';

export interface ProcessExit {
  /** The exit code as a runtime reports it: the code, or 128 + the signal number. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  killedFor?: KillReason;
}

export interface ContainerProcess {
  readonly pid: number | undefined;
  kill(reason: KillReason): void;
  readonly exited: Promise<ProcessExit>;
}

export interface StartOptions {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** Called with whole lines (newline included), in order, from stdout and stderr as a runtime interleaves them. */
  onOutput(text: string): void;
  memoryLimitBytes?: number;
  sampleMs?: number;
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};
/** How long output may trail the exit (a grandchild holding the pipe) before the exit counts anyway. */
const DRAIN_MS = 1000;

async function rssKb(pid: number): Promise<number> {
  let total = 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim();
    for (const child of children ? children.split(/\s+/) : []) total += await rssKb(Number(child));
  } catch {
    // Gone between the reads, or no /proc (then memory limits are not enforced).
  }
  return total;
}

function lineBuffer(emit: (text: string) => void): { push(chunk: string): void; flush(): void } {
  let partial = '';
  return {
    push(chunk) {
      partial += chunk;
      const end = partial.lastIndexOf('\n');
      if (end < 0) return;
      emit(partial.slice(0, end + 1));
      partial = partial.slice(end + 1);
    },
    flush() {
      if (partial) emit(partial);
      partial = '';
    },
  };
}

export function startProcess(opts: StartOptions): ContainerProcess {
  const [command, ...args] = opts.argv;
  const child = spawn(command!, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let killedFor: KillReason | undefined;
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const out = lineBuffer(opts.onOutput);
  const err = lineBuffer(opts.onOutput);
  child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));

  let sampler: NodeJS.Timeout | undefined;
  if (opts.memoryLimitBytes !== undefined && child.pid !== undefined) {
    const pid = child.pid;
    let busy = false;
    sampler = setInterval(() => {
      if (busy) return;
      busy = true;
      void rssKb(pid).then((kb) => {
        busy = false;
        if (kb * 1024 > opts.memoryLimitBytes! && killedFor === undefined) {
          killedFor = 'oom';
          killGroup();
        }
      });
    }, opts.sampleMs ?? 100);
    sampler.unref();
  }

  const exited = new Promise<ProcessExit>((resolve) => {
    let exit: ProcessExit | undefined;
    const finish = (): void => {
      if (!exit) return;
      clearInterval(sampler);
      out.flush();
      err.flush();
      resolve(exit);
      exit = undefined;
    };
    child.on('error', (e) => {
      opts.onOutput(`${e.message}\n`);
      exit = { exitCode: 128, signal: null };
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = {
        exitCode: code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0),
        signal,
        ...(killedFor ? { killedFor } : {}),
      };
      // The container ends with its first process: nothing it started may outlive it.
      killGroup();
      setTimeout(finish, DRAIN_MS).unref();
    });
    child.on('close', finish);
  });

  return {
    get pid() {
      return child.pid;
    },
    kill(reason) {
      killedFor ??= reason;
      killGroup();
    },
    exited,
  };
}
