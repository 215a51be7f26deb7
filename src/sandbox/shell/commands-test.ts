// The test and [ commands of the sandbox shell (busybox behaviour and messages): file tests, comparisons, !, -a, -o.
import type { Command, Io } from './types.js';
import { fail } from './util.js';

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

export const test: Command = (io) => {
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
