// Read-only file commands of the sandbox shell (busybox behaviour and messages): cat, ls, stat, find; and FS_COMMANDS.
import { posix } from 'node:path';
import { copyOrMove, mkdir, noop, rm, tee, touch } from './commands-fs-write.js';
import { test } from './commands-test.js';
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
