// File commands of the sandbox shell (busybox behaviour and messages): cat, ls, test, stat, mkdir, mv, rm, cp, …
import { posix } from 'node:path';
import type { Command, Io } from './types.js';
import { fail, parseArgs, readInputs } from './util.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function longLine(io: Io, path: string, shown: string): string {
  const dir = io.fs.isDir(path) && !io.fs.isFile(path);
  const size = dir ? 4096 : (io.fs.read(path)?.length ?? 0);
  const t = new Date(io.fs.mtime(path));
  const date = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} ${String(dir ? 2 : 1).padStart(4)} root     root     ${String(size).padStart(9)} ${date} ${shown}`;
}

const cat: Command = async (io) => {
  let status = 0;
  for (const { data } of await readInputs(io, parseArgs(io.args).operands, 'cat')) {
    if (data === undefined) status = 1;
    else io.stdout.write(data);
  }
  return status;
};

const ls: Command = (io) => {
  const { flags, operands } = parseArgs(io.args);
  const long = flags.has('l');
  const all = flags.has('a');
  const targets = operands.length ? operands : ['.'];
  let status = 0;
  const out: string[] = [];
  targets.forEach((target, n) => {
    const path = io.resolve(target);
    if (io.fs.isFile(path)) {
      out.push(long ? longLine(io, path, target) : target);
    } else if (io.fs.isDir(path)) {
      if (targets.length > 1) out.push(`${n > 0 ? '\n' : ''}${target}:`);
      const names = io.fs
        .list(path)
        .map((e) => e.name)
        .filter((name) => all || flags.has('A') || !name.startsWith('.'));
      if (all) names.unshift('.', '..');
      for (const name of names)
        out.push(long ? longLine(io, name === '.' || name === '..' ? path : posix.join(path, name), name) : name);
    } else {
      io.stderr.write(`ls: ${target}: No such file or directory\n`);
      status = 1;
    }
  });
  if (out.length) io.stdout.write(`${out.join('\n')}\n`);
  return status;
};

function evaluate(io: Io, args: string[]): boolean {
  if (args[0] === '!') return !evaluate(io, args.slice(1));
  const andAt = args.indexOf('-a');
  if (andAt > 0) return evaluate(io, args.slice(0, andAt)) && evaluate(io, args.slice(andAt + 1));
  const orAt = args.indexOf('-o');
  if (orAt > 0) return evaluate(io, args.slice(0, orAt)) || evaluate(io, args.slice(orAt + 1));
  const [a = '', op = '', b = ''] = args;
  if (args.length === 1) return a !== '';
  if (args.length === 2) {
    const path = io.resolve(op);
    switch (a) {
      case '-f':
        return io.fs.isFile(path) && !io.fs.isDir(path);
      case '-d':
        return io.fs.isDir(path);
      case '-e':
      case '-r':
      case '-w':
      case '-x':
        return io.fs.exists(path);
      case '-s':
        return (io.fs.read(path)?.length ?? 0) > 0;
      case '-z':
        return op === '';
      case '-n':
        return op !== '';
      default:
        throw new Error(`${a}: unknown operand`);
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '-eq':
      return x === y;
    case '-ne':
      return x !== y;
    case '-lt':
      return x < y;
    case '-le':
      return x <= y;
    case '-gt':
      return x > y;
    case '-ge':
      return x >= y;
    default:
      throw new Error(`${op}: unknown operand`);
  }
}

const test: Command = (io) => {
  let args = io.args;
  if (io.name === '[') {
    if (args[args.length - 1] !== ']') return fail(io, '[: missing ]', 2);
    args = args.slice(0, -1);
  }
  if (args.length === 0) return 1;
  try {
    return evaluate(io, args) ? 0 : 1;
  } catch (err) {
    return fail(io, `${io.name}: ${(err as Error).message}`, 2);
  }
};

const stat: Command = (io) => {
  const { values, operands } = parseArgs(io.args, 'c', ['format']);
  const format = values.get('c') ?? values.get('format');
  let status = 0;
  for (const name of operands) {
    const path = io.resolve(name);
    if (!io.fs.exists(path)) {
      status = fail(io, `stat: can't stat '${name}': No such file or directory`);
      continue;
    }
    const dir = io.fs.isDir(path) && !io.fs.isFile(path);
    const size = dir ? 4096 : (io.fs.read(path)?.length ?? 0);
    const mtime = Math.floor(io.fs.mtime(path) / 1000);
    const fields: Record<string, string> = {
      s: String(size),
      n: name,
      N: `'${name}'`,
      Y: String(mtime),
      X: String(mtime),
      Z: String(mtime),
      a: dir ? '755' : '644',
      A: dir ? 'drwxr-xr-x' : '-rw-r--r--',
      F: dir ? 'directory' : size === 0 ? 'regular empty file' : 'regular file',
      U: 'root',
      G: 'root',
      u: '0',
      g: '0',
      b: String(Math.ceil(size / 512)),
      '%': '%',
    };
    if (format !== undefined) {
      io.stdout.write(`${format.replace(/%(.)/g, (m, c: string) => fields[c] ?? m)}\n`);
    } else {
      io.stdout.write(
        `  File: ${name}\n  Size: ${size}\t\tBlocks: ${fields.b}\tIO Block: 4096\t${fields.F}\nAccess: (0${fields.a}/${fields.A})  Uid: (    0/    root)   Gid: (    0/    root)\nModify: ${new Date(mtime * 1000).toISOString()}\n`,
      );
    }
  }
  return status;
};

const mkdir: Command = (io) => {
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

function copyOrMove(io: Io, cmd: 'mv' | 'cp'): number {
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

const rm: Command = (io) => {
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

const touch: Command = (io) => {
  let status = 0;
  for (const name of parseArgs(io.args).operands) {
    const path = io.resolve(name);
    if (io.fs.isDir(path)) continue;
    if (!io.fs.isDir(posix.dirname(path))) status = fail(io, `touch: ${name}: No such file or directory`);
    else io.fs.write(path, io.fs.read(path) ?? Buffer.alloc(0));
  }
  return status;
};

const tee: Command = async (io) => {
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

const find: Command = (io) => {
  const roots: string[] = [];
  let i = 0;
  for (; i < io.args.length && !(io.args[i] ?? '').startsWith('-'); i++) roots.push(io.args[i] ?? '');
  let name: RegExp | undefined;
  let type: string | undefined;
  let maxDepth = Infinity;
  for (; i < io.args.length; i += 2) {
    const opt = io.args[i];
    const val = io.args[i + 1] ?? '';
    if (opt === '-name')
      name = new RegExp(
        `^${val
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
    else if (opt === '-type') type = val;
    else if (opt === '-maxdepth') maxDepth = Number(val);
    else return fail(io, `find: unrecognized: ${opt}`);
  }
  let status = 0;
  for (const root of roots.length ? roots : ['.']) {
    const path = io.resolve(root);
    if (!io.fs.exists(path)) {
      status = fail(io, `find: ${root}: No such file or directory`);
      continue;
    }
    const entries = [
      { name: path, dir: io.fs.isDir(path) && !io.fs.isFile(path) },
      ...(io.fs.isDir(path) ? io.fs.walk(path) : []),
    ];
    for (const e of entries) {
      const depth =
        e.name === path
          ? 0
          : e.name
              .slice(path === '/' ? 0 : path.length)
              .split('/')
              .filter(Boolean).length;
      if (depth > maxDepth) continue;
      if (type === 'f' && e.dir) continue;
      if (type === 'd' && !e.dir) continue;
      if (name && !name.test(posix.basename(e.name))) continue;
      const rel = e.name === path ? '' : e.name.slice(path === '/' ? 0 : path.length);
      io.stdout.write(`${rel === '' ? root : (root === '/' ? '' : root.replace(/\/$/, '')) + rel}\n`);
    }
  }
  return status;
};

const noop: Command = (io) => {
  for (const name of parseArgs(io.args).operands.slice(1)) {
    if (!io.fs.exists(io.resolve(name))) return fail(io, `${io.name}: ${name}: No such file or directory`);
  }
  return 0;
};

export const FS_COMMANDS: Record<string, Command> = {
  cat,
  ls,
  test,
  '[': test,
  stat,
  mkdir,
  rm,
  touch,
  tee,
  find,
  chmod: noop,
  chown: noop,
  mv: (io) => copyOrMove(io, 'mv'),
  cp: (io) => copyOrMove(io, 'cp'),
};
