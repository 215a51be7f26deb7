// File-changing commands of the sandbox shell (busybox behaviour and messages): mkdir, mv, cp, rm, touch, tee, chmod.
import { posix } from 'node:path';
import type { Command, Io } from './types.js';
import { fail, parseArgs } from './util.js';

export const mkdir: Command = (io) => {
  const { flags, operands } = parseArgs(io.args, 'm');
  let status = 0;
  for (const name of operands) {
    const path = io.resolve(name);
    if (flags.has('p')) {
      if (io.fs.isFile(path) && !io.fs.isDir(path))
        status = fail(io, `mkdir: can't create directory '${name}': File exists`);
      else for (let p = path; p !== '/'; p = posix.dirname(p)) if (!io.fs.isDir(p)) io.fs.mkdir(p);
    } else if (io.fs.exists(path)) {
      status = fail(io, `mkdir: can't create directory '${name}': File exists`);
    } else if (!io.fs.isDir(posix.dirname(path))) {
      status = fail(io, `mkdir: can't create directory '${name}': No such file or directory`);
    } else {
      io.fs.mkdir(path);
    }
  }
  return status;
};

/** Moves or copies a file or tree; the in-memory map makes a rename atomic for any reader. */
function transfer(io: Io, from: string, to: string, keepSource: boolean): void {
  if (io.fs.isFile(from)) {
    io.fs.write(to, io.fs.read(from) ?? Buffer.alloc(0));
    if (!keepSource) io.fs.remove(from);
    return;
  }
  io.fs.mkdir(to);
  for (const e of io.fs.walk(from)) {
    const dest = to + e.name.slice(from.length);
    if (e.dir) io.fs.mkdir(dest);
    else io.fs.write(dest, io.fs.read(e.name) ?? Buffer.alloc(0));
  }
  if (!keepSource) io.fs.removeTree(from);
}

export function copyOrMove(io: Io, cmd: 'mv' | 'cp'): number {
  const { flags, operands } = parseArgs(io.args);
  if (operands.length < 2) return fail(io, `${cmd}: missing destination file operand`);
  const dest = operands[operands.length - 1] ?? '';
  const sources = operands.slice(0, -1);
  const destPath = io.resolve(dest);
  if (sources.length > 1 && !io.fs.isDir(destPath)) return fail(io, `${cmd}: '${dest}' is not a directory`);
  let status = 0;
  for (const src of sources) {
    const from = io.resolve(src);
    if (!io.fs.exists(from)) {
      status = fail(
        io,
        cmd === 'mv'
          ? `mv: can't rename '${src}': No such file or directory`
          : `cp: can't stat '${src}': No such file or directory`,
      );
      continue;
    }
    if (
      cmd === 'cp' &&
      io.fs.isDir(from) &&
      !io.fs.isFile(from) &&
      !flags.has('r') &&
      !flags.has('R') &&
      !flags.has('a')
    ) {
      status = fail(io, `cp: omitting directory '${src}'`);
      continue;
    }
    const to = io.fs.isDir(destPath) ? posix.join(destPath, posix.basename(from)) : destPath;
    if (!io.fs.isDir(posix.dirname(to))) {
      status = fail(io, `${cmd}: can't create '${dest}': No such file or directory`);
      continue;
    }
    transfer(io, from, to, cmd === 'cp');
  }
  return status;
}

export const rm: Command = (io) => {
  const { flags, operands } = parseArgs(io.args);
  const force = flags.has('f');
  const recursive = flags.has('r') || flags.has('R');
  let status = 0;
  for (const name of operands) {
    const path = io.resolve(name);
    if (io.fs.isFile(path)) io.fs.remove(path);
    else if (io.fs.isDir(path)) {
      if (recursive) io.fs.removeTree(path);
      else status = fail(io, `rm: '${name}' is a directory`);
    } else if (!force) status = fail(io, `rm: can't remove '${name}': No such file or directory`);
  }
  return status;
};

export const touch: Command = (io) => {
  let status = 0;
  for (const name of parseArgs(io.args).operands) {
    const path = io.resolve(name);
    if (io.fs.isDir(path)) continue;
    if (!io.fs.isDir(posix.dirname(path))) status = fail(io, `touch: ${name}: No such file or directory`);
    else io.fs.write(path, io.fs.read(path) ?? Buffer.alloc(0));
  }
  return status;
};

export const tee: Command = async (io) => {
  const { flags, operands } = parseArgs(io.args);
  const data = await io.stdin();
  let status = 0;
  for (const name of operands) {
    const path = io.resolve(name);
    if (!io.fs.isDir(posix.dirname(path)) || io.fs.isDir(path)) {
      status = fail(io, `tee: ${name}: No such file or directory`);
      continue;
    }
    io.fs.write(path, flags.has('a') ? Buffer.concat([io.fs.read(path) ?? Buffer.alloc(0), data]) : data);
  }
  io.stdout.write(data);
  return status;
};

export const noop: Command = (io) => {
  for (const name of parseArgs(io.args).operands.slice(1)) {
    if (!io.fs.exists(io.resolve(name))) return fail(io, `${io.name}: ${name}: No such file or directory`);
  }
  return 0;
};
