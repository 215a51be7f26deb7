// One git run: the real CLI with a scrubbed environment, a timeout and an AbortSignal, its failure turned into a
// GIT_FAILED sentence once, here.
import { execa } from 'execa';
import { ClopusError } from '../errors.js';
import { type Credentials, gitEnv, withScratchHome } from './git-env.js';
import { type FailureContext, failureMessage } from './git-errors.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunOptions {
  cwd?: string;
  /** For messages: `clone`, `push`, … */
  op: string;
  /** The repository URL without credentials, for messages and the auth header's scope. */
  url?: string;
  origin?: string;
  creds?: Credentials;
  rights?: string;
  timeoutMs?: number;
  /** The operation's shared deadline; wins over timeoutMs. */
  deadline?: Deadline;
  signal?: AbortSignal;
  input?: string;
  env?: Record<string, string>;
  maxBuffer?: number;
  /** Exit codes that are answers rather than failures (`git grep` exits 1 for no match). */
  okExitCodes?: number[];
  /** Return what fitted in maxBuffer instead of failing (bounded output such as grep). */
  acceptTruncated?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The output went past maxBuffer and was cut. */
  truncated: boolean;
}

/** Runs git, or throws a GIT_FAILED ClopusError saying what failed and what to do. */
export async function runGit(args: string[], opts: RunOptions): Promise<RunResult> {
  const budgetMs = opts.deadline?.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutMs = opts.deadline?.left() ?? budgetMs;
  const ctx: FailureContext = {
    op: opts.op,
    url: opts.url,
    creds: opts.creds,
    rights: opts.rights,
    timeoutMs: budgetMs,
  };
  if (opts.signal?.aborted) throw new ClopusError('GIT_FAILED', failureMessage(ctx, { stderr: '', isCanceled: true }));
  const r = await withScratchHome((home) =>
    inOwnGroup(timeoutMs, opts.signal, () =>
      execa('git', args, {
        cwd: opts.cwd,
        env: gitEnv({ home, origin: opts.origin, creds: opts.creds, extra: opts.env }),
        extendEnv: false,
        detached: true,
        ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
        maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
        reject: false,
        stripFinalNewline: false,
      }),
    ),
  );
  const truncated = r.isMaxBuffer === true;
  const answered = r.exitCode === 0 || (r.exitCode !== undefined && (opts.okExitCodes ?? []).includes(r.exitCode));
  const result = {
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    exitCode: r.exitCode ?? 0,
    truncated,
  };
  if (!r.timedOut && !r.isCanceled && (truncated ? opts.acceptTruncated : answered)) return result;
  const spawnError = r.exitCode === undefined && !r.timedOut && !r.isCanceled ? r.originalMessage : undefined;
  throw new ClopusError(
    'GIT_FAILED',
    failureMessage(ctx, {
      exitCode: r.exitCode,
      stderr: result.stderr,
      timedOut: r.timedOut,
      isCanceled: r.isCanceled,
      spawnError,
    }),
  );
}

type Subprocess = ReturnType<typeof execa>;
type Settled = Awaited<Subprocess> & { timedOut: boolean; isCanceled: boolean };

/**
 * Runs the subprocess as the leader of its own process group and, on timeout or abort, ends the whole group:
 * git leaves the network to a git-remote-https child, which would otherwise keep running (and keep the pipes
 * open) after git itself is killed.
 */
async function inOwnGroup(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: () => Subprocess,
): Promise<Settled> {
  const child = start();
  let timedOut = false;
  let isCanceled = false;
  let force: NodeJS.Timeout | undefined;
  const end = () => {
    killGroup(child.pid, 'SIGTERM');
    force = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 1000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    end();
  }, timeoutMs);
  const onAbort = () => {
    isCanceled = true;
    end();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await child;
    return Object.assign(r, { timedOut: r.timedOut || timedOut, isCanceled: r.isCanceled || isCanceled });
  } finally {
    clearTimeout(timer);
    clearTimeout(force);
    signal?.removeEventListener('abort', onAbort);
  }
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

/** The GIT_FAILED error for a run its caller accepted (okExitCodes) and then judged a failure after all. */
export function gitFailure(opts: RunOptions, r: RunResult): ClopusError {
  const timeoutMs = opts.deadline?.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx: FailureContext = { op: opts.op, url: opts.url, creds: opts.creds, rights: opts.rights, timeoutMs };
  return new ClopusError(
    'GIT_FAILED',
    failureMessage(ctx, { exitCode: r.exitCode, stderr: `${r.stderr}\n${r.stdout}` }),
  );
}

/** A deadline shared by the runs of one operation, so a clone in three steps still ends within its timeout. */
export interface Deadline {
  timeoutMs: number;
  left(): number;
}

export function deadline(timeoutMs = DEFAULT_TIMEOUT_MS): Deadline {
  const until = Date.now() + timeoutMs;
  return { timeoutMs, left: () => Math.max(1, until - Date.now()) };
}
