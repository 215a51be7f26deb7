// Shapes shared by the sandbox shell's parser, executor and commands.
import type { ContainerFs } from './memfs.js';

export interface Sink {
  write(data: Buffer | string): void;
}

/** Facts about the container a command may print (hostname, entrypoint for ps, user for id). */
export interface SystemInfo {
  hostname: string;
  entrypoint: string[];
  uid: number;
  gid: number;
  now: () => Date;
}

/** Mutable shell state: variables, working directory, last exit status. */
export interface ShellState {
  vars: Map<string, string>;
  cwd: string;
  lastStatus: number;
}

export interface Io {
  /** Arguments after the command name. */
  args: string[];
  name: string;
  /** All of standard input (waits until the client closes it). */
  stdin(): Promise<Buffer>;
  stdout: Sink;
  stderr: Sink;
  fs: ContainerFs;
  state: ShellState;
  sys: SystemInfo;
  signal: AbortSignal;
  /** Absolute path for an argument, relative to the working directory. */
  resolve(path: string): string;
  /** Runs a script in a child shell (sh -c) with this command's streams. */
  runScript(script: string, args: string[]): Promise<number>;
}

export type Command = (io: Io) => Promise<number> | number;

/** Thrown by `exit` to unwind to the enclosing shell. */
export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A shell syntax error, reported like busybox: `sh: syntax error: …`, status 2. */
export class ShellSyntaxError extends Error {}
