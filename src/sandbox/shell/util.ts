// Small helpers shared by the sandbox shell's commands: option parsing, error lines, reading inputs.
import type { Io } from './types.js';

export interface Parsed {
  flags: Set<string>;
  /** Options that take a value, e.g. -n 5, -c5, --format=%s. */
  values: Map<string, string>;
  operands: string[];
}

/**
 * Splits args into single-letter flags, valued options (letters in `withValue`) and operands.
 * Stops at `--`; a lone `-` is an operand (stdin).
 */
export function parseArgs(args: string[], withValue = '', longValues: string[] = []): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split(/=(.*)/s);
      if (longValues.includes(name)) values.set(name, value ?? args[++i] ?? '');
      else flags.add(name);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j] ?? '';
        if (withValue.includes(ch)) {
          values.set(ch, a.slice(j + 1) || (args[++i] ?? ''));
          break;
        }
        flags.add(ch);
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, values, operands };
}

export function fail(io: Io, message: string, code = 1): number {
  io.stderr.write(`${message}\n`);
  return code;
}

/** Reads each operand (or stdin for none or `-`), reporting missing files busybox-style; undefined marks a failure. */
export async function readInputs(
  io: Io,
  operands: string[],
  cmd: string,
): Promise<{ name: string; data: Buffer | undefined }[]> {
  const names = operands.length === 0 ? ['-'] : operands;
  const out: { name: string; data: Buffer | undefined }[] = [];
  for (const name of names) {
    if (name === '-') {
      out.push({ name, data: await io.stdin() });
      continue;
    }
    const path = io.resolve(name);
    if (io.fs.isDir(path) && !io.fs.isFile(path)) {
      io.stderr.write(`${cmd}: read error: Is a directory\n`);
      out.push({ name, data: undefined });
      continue;
    }
    const data = io.fs.read(path);
    if (data === undefined) io.stderr.write(`${cmd}: can't open '${name}': No such file or directory\n`);
    out.push({ name, data });
  }
  return out;
}

export function lines(text: string): string[] {
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Turns echo -e / printf escapes into characters. */
export function unescapeC(text: string): string {
  return text.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'e':
        return '\x1b';
      case '0':
        return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return `\\${e}`;
    }
  });
}
