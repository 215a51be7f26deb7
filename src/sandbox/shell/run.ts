// Runs parsed scripts: expansion, globbing, redirection, pipelines and && / || — over the in-memory filesystem only.
import { posix } from 'node:path';
import type { Word } from './lexer.js';
import type { ContainerFs } from './memfs.js';
import { type Pipeline, parse, type SimpleCommand } from './parser.js';
import {
  type Command,
  ExitSignal,
  type Io,
  type ShellState,
  ShellSyntaxError,
  type Sink,
  type SystemInfo,
} from './types.js';

export interface ShellContext {
  fs: ContainerFs;
  sys: SystemInfo;
  signal: AbortSignal;
  commands: Record<string, Command>;
}

export interface Streams {
  stdin: () => Promise<Buffer>;
  stdout: Sink;
  stderr: Sink;
}

export class BufferSink implements Sink {
  private chunks: Buffer[] = [];
  write(data: Buffer | string): void {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Runs `text` as a script in a shell with `state`; returns its exit status. `exit` ends only this shell. */
export async function runScript(
  text: string,
  state: ShellState,
  streams: Streams,
  ctx: ShellContext,
  positional: string[] = ['sh'],
): Promise<number> {
  let script: ReturnType<typeof parse>;
  try {
    script = parse(text);
  } catch (err) {
    if (err instanceof ShellSyntaxError) {
      streams.stderr.write(`sh: syntax error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const shell = new Shell(state, ctx, positional);
  try {
    for (const item of script) {
      state.lastStatus = await shell.pipeline(item.first, streams);
      for (const { op, pipeline } of item.rest) {
        if ((op === '&&') === (state.lastStatus === 0)) state.lastStatus = await shell.pipeline(pipeline, streams);
      }
    }
  } catch (err) {
    if (err instanceof ExitSignal) {
      state.lastStatus = err.code;
      return err.code;
    }
    throw err;
  }
  return state.lastStatus;
}

class Shell {
  constructor(
    private readonly state: ShellState,
    private readonly ctx: ShellContext,
    private readonly positional: string[],
  ) {}

  async pipeline(p: Pipeline, streams: Streams): Promise<number> {
    let stdin = streams.stdin;
    let status = 0;
    for (const [i, cmd] of p.commands.entries()) {
      if (this.ctx.signal.aborted) throw new ExitSignal(130);
      const last = i === p.commands.length - 1;
      const out = last ? streams.stdout : new BufferSink();
      status = await this.simple(cmd, { stdin, stdout: out, stderr: streams.stderr });
      if (out instanceof BufferSink) {
        const data = out.buffer();
        stdin = () => Promise.resolve(data);
      }
    }
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  private async simple(cmd: SimpleCommand, streams: Streams): Promise<number> {
    const argv: string[] = [];
    for (const word of cmd.words) argv.push(...(await this.expand(word)));
    const assigned: [string, string][] = [];
    for (const a of cmd.assigns) assigned.push([a.name, (await this.expand(a.value, false)).join('')]);
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.state.vars.set(k, v);
    }
    const io = await this.redirect(cmd, streams);
    if (typeof io === 'number') return io;
    if (argv.length === 0) return 0;
    const saved = assigned.map(([k]) => [k, this.state.vars.get(k)] as const);
    for (const [k, v] of assigned) this.state.vars.set(k, v);
    try {
      return await this.exec(argv, io);
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.state.vars.delete(k);
        else this.state.vars.set(k, v);
      }
    }
  }

  private async exec(argv: string[], streams: Streams): Promise<number> {
    const [name = '', ...args] = argv;
    const command = this.ctx.commands[posix.basename(name)];
    if (!command) {
      streams.stderr.write(`sh: ${name}: not found\n`);
      return 127;
    }
    const io: Io = {
      args,
      name: posix.basename(name),
      ...streams,
      fs: this.ctx.fs,
      state: this.state,
      sys: this.ctx.sys,
      signal: this.ctx.signal,
      resolve: (path) => posix.resolve(this.state.cwd, path),
      runScript: (script, positional) =>
        runScript(
          script,
          { vars: new Map(this.state.vars), cwd: this.state.cwd, lastStatus: 0 },
          streams,
          this.ctx,
          positional,
        ),
    };
    return command(io);
  }

  /** Applies redirections in order; a failure prints the shell's message and gives status 1. */
  private async redirect(cmd: SimpleCommand, streams: Streams): Promise<Streams | number> {
    let { stdin, stdout, stderr } = streams;
    const fs = this.ctx.fs;
    for (const r of cmd.redirects) {
      if (r.mode === 'dup') {
        if (r.fd === 2) stderr = r.toFd === 1 ? stdout : stderr;
        else stdout = r.toFd === 2 ? stderr : stdout;
        continue;
      }
      const shown = (await this.expand(r.target ?? [], false)).join('');
      const path = posix.resolve(this.state.cwd, shown);
      if (r.mode === '<') {
        const data = fs.isDir(path) ? undefined : fs.read(path);
        if (data === undefined) {
          stderr.write(`sh: can't open ${shown}: no such file\n`);
          return 1;
        }
        stdin = () => Promise.resolve(data);
        continue;
      }
      if (fs.isDir(path)) {
        stderr.write(`sh: can't create ${shown}: Is a directory\n`);
        return 1;
      }
      if (!fs.isDir(posix.dirname(path))) {
        stderr.write(`sh: can't create ${shown}: nonexistent directory\n`);
        return 1;
      }
      if (r.mode === '>' || !fs.isFile(path)) fs.write(path, Buffer.alloc(0));
      const sink: Sink = {
        write: (data) => fs.write(path, Buffer.concat([fs.read(path) ?? Buffer.alloc(0), Buffer.from(data)])),
      };
      if (r.fd === 2) stderr = sink;
      else stdout = sink;
    }
    return { stdin, stdout, stderr };
  }

  /** Expands a word into zero or more arguments: variables, $(…), then pathname globbing of unquoted text. */
  private async expand(word: Word, glob = true): Promise<string[]> {
    let text = '';
    let pattern = '';
    let hasGlob = false;
    let onlyEmptyVars = true;
    for (const part of word) {
      let value: string;
      if (part.type === 'text') {
        value = part.text;
        onlyEmptyVars = false;
      } else if (part.type === 'var') {
        value = this.variable(part.name);
        if (value !== '' || part.quoted) onlyEmptyVars = false;
      } else {
        const out = new BufferSink();
        await runScript(
          part.script,
          { vars: new Map(this.state.vars), cwd: this.state.cwd, lastStatus: 0 },
          { stdin: () => Promise.resolve(Buffer.alloc(0)), stdout: out, stderr: new BufferSink() },
          this.ctx,
        );
        value = out.buffer().toString('utf8').replace(/\n+$/, '');
        if (value !== '' || part.quoted) onlyEmptyVars = false;
      }
      text += value;
      if (part.type === 'text' && !part.quoted && /[*?[]/.test(value)) {
        hasGlob = true;
        pattern += value
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]');
      } else {
        pattern += value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
    }
    if (onlyEmptyVars && word.length > 0) return [];
    if (glob && hasGlob) {
      const matches = this.glob(text, pattern);
      if (matches.length > 0) return matches;
    }
    return [text];
  }

  private glob(text: string, pattern: string): string[] {
    const absolute = text.startsWith('/');
    const base = this.state.cwd === '/' ? '' : this.state.cwd;
    let re: RegExp;
    try {
      re = new RegExp(`^${absolute ? '' : `${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`}${pattern}$`);
    } catch {
      return []; // not a valid pattern (e.g. the `[` command): the word stays as written
    }
    const fixed = posix.resolve(this.state.cwd, text.slice(0, text.search(/[*?[]/)).replace(/[^/]*$/, '') || '.');
    return this.ctx.fs
      .walk(fixed)
      .map((e) => e.name)
      .filter((p) => re.test(p) && !posix.basename(p).startsWith('.'))
      .map((p) => (absolute ? p : p.slice(base.length + 1)))
      .sort();
  }

  private variable(name: string): string {
    if (name === '?') return String(this.state.lastStatus);
    if (name === '$') return '1';
    if (name === '#') return String(Math.max(this.positional.length - 1, 0));
    if (/^\d$/.test(name)) return this.positional[Number(name)] ?? '';
    return this.state.vars.get(name) ?? '';
  }
}
