// Running git and kubectl: always asynchronous (a synchronous spawn deadlocks the process hosting the sandbox), with
// an environment of our choosing, a timeout, and errors that carry the tool's own words minus any secret.
import { execa } from 'execa';
import type { SyncStage } from './types.js';

/** A failure worth reporting on the manager's status: `message` is safe to store and show. */
export class SyncFailure extends Error {
  constructor(
    readonly stage: SyncStage,
    message: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  env: Record<string, string>;
  cwd?: string;
  signal: AbortSignal;
  stage: SyncStage;
  /** Values that must never appear in a message (tokens in the git environment). */
  secrets: string[];
  timeoutMs?: number;
}

/** Removes userinfo from URLs and every secret value from text that may reach a status or a log. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Runs `file args…` and returns its stdout; a non-zero exit throws a SyncFailure with the last lines it printed. */
export async function run(file: string, args: string[], opts: RunOptions): Promise<string> {
  const result = await execa(file, args, {
    env: opts.env,
    extendEnv: false,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    cancelSignal: opts.signal,
    timeout: opts.timeoutMs ?? 60_000,
    stdin: 'ignore',
    reject: false,
  });
  if (!result.failed) return result.stdout;
  // Stopping the controller is no failure of the repository's: nothing goes on the manager's status.
  if (result.isCanceled || opts.signal.aborted) throw new Error('sandbox gitops: stopped');
  const said = result.stderr.trim() || result.stdout.trim();
  const why = result.timedOut
    ? 'timed out'
    : said
      ? said
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .slice(0, 6)
          .join('; ')
          .slice(0, 2000)
      : result.shortMessage;
  throw new SyncFailure(
    opts.stage,
    scrub(`${[file.split('/').pop(), ...args.slice(0, 1)].join(' ')}: ${why}`, opts.secrets),
  );
}
