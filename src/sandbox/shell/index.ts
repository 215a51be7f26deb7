// The sandbox shell: runs an exec'd command over a container's in-memory filesystem. It never touches the real
// filesystem and never starts a process; commands it does not know fail as they would in a slim image.
import { posix } from 'node:path';
import { FS_COMMANDS } from './commands-fs.js';
import { shellQuote, sysCommands } from './commands-sys.js';
import { TEXT_COMMANDS } from './commands-text.js';
import type { ContainerFs } from './memfs.js';
import { runScript } from './run.js';
import type { Command, Sink, SystemInfo } from './types.js';

export { ContainerFs } from './memfs.js';
export type { Sink, SystemInfo } from './types.js';

const COMMANDS: Record<string, Command> = { ...FS_COMMANDS, ...TEXT_COMMANDS };
Object.assign(
  COMMANDS,
  sysCommands(() => COMMANDS),
);

export interface ExecRequest {
  argv: string[];
  fs: ContainerFs;
  env: Map<string, string>;
  sys: SystemInfo;
  stdin: () => Promise<Buffer>;
  stdout: Sink;
  stderr: Sink;
  signal: AbortSignal;
}

export type ExecResult = { kind: 'exited'; code: number } | { kind: 'not-found'; binary: string };

/** Whether the container has this binary (the runtime's lookup, before anything runs). */
export function hasCommand(binary: string): boolean {
  return COMMANDS[posix.basename(binary)] !== undefined;
}

export async function runCommand(req: ExecRequest): Promise<ExecResult> {
  const [binary = ''] = req.argv;
  if (!hasCommand(binary)) return { kind: 'not-found', binary };
  const state = { vars: new Map(req.env), cwd: req.env.get('PWD') ?? '/', lastStatus: 0 };
  const code = await runScript(
    req.argv.map(shellQuote).join(' '),
    state,
    { stdin: req.stdin, stdout: req.stdout, stderr: req.stderr },
    { fs: req.fs, sys: req.sys, signal: req.signal, commands: COMMANDS },
  );
  return { kind: 'exited', code };
}
