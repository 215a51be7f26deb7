// Text commands of the sandbox shell: head, tail, wc, grep, echo, printf, sha256sum, base64, sort, …
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Command, Io } from './types.js';
import { fail, lines, parseArgs, readInputs, unescapeC } from './util.js';

/** Reads the single input of a filter command (first operand, or stdin). */
async function input(io: Io, operands: string[], cmd: string): Promise<Buffer | undefined> {
  const [first] = await readInputs(io, operands.slice(0, 1), cmd);
  return first?.data;
}

function count(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
}

function legacyCount(args: string[]): string[] {
  // `head -5` means `head -n 5`.
  return args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
}

const head: Command = async (io) => {
  const { values, operands } = parseArgs(legacyCount(io.args), 'nc');
  const data = await input(io, operands, 'head');
  if (data === undefined) return 1;
  const bytes = values.get('c');
  if (bytes !== undefined) {
    const n = count(bytes, 0);
    if (n === undefined) return fail(io, `head: invalid number '${bytes}'`);
    io.stdout.write(data.subarray(0, n));
    return 0;
  }
  const n = count(values.get('n'), 10);
  if (n === undefined) return fail(io, `head: invalid number '${values.get('n') ?? ''}'`);
  const text = data.toString('utf8');
  let end = 0;
  for (let i = 0; i < n && end < text.length; i++) {
    const nl = text.indexOf('\n', end);
    end = nl === -1 ? text.length : nl + 1;
  }
  io.stdout.write(text.slice(0, end));
  return 0;
};

const tail: Command = async (io) => {
  const { values, operands } = parseArgs(legacyCount(io.args), 'nc');
  const data = await input(io, operands, 'tail');
  if (data === undefined) return 1;
  const bytes = values.get('c');
  if (bytes !== undefined) {
    const n = count(bytes, 0) ?? 0;
    io.stdout.write(bytes.startsWith('+') ? data.subarray(n - 1) : data.subarray(Math.max(0, data.length - n)));
    return 0;
  }
  const raw = values.get('n') ?? '10';
  const n = count(raw, 10);
  if (n === undefined) return fail(io, `tail: invalid number '${raw}'`);
  const all = lines(data.toString('utf8'));
  const kept = raw.startsWith('+') ? all.slice(Math.max(n - 1, 0)) : n === 0 ? [] : all.slice(-n);
  if (kept.length)
    io.stdout.write(
      `${kept.join('\n')}${data.toString('utf8').endsWith('\n') || kept.length < all.length ? '\n' : ''}`,
    );
  return 0;
};

const wc: Command = async (io) => {
  const { flags, operands } = parseArgs(io.args);
  const which = ['l', 'w', 'c'].filter((f) => flags.has(f) || (f === 'c' && flags.has('m')));
  const shown = which.length ? which : ['l', 'w', 'c'];
  let status = 0;
  for (const { name, data } of await readInputs(io, operands, 'wc')) {
    if (data === undefined) {
      status = 1;
      continue;
    }
    const text = data.toString('utf8');
    const counts: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: data.length,
    };
    const cols = shown.map((f) => (shown.length > 1 ? String(counts[f]).padStart(7) : String(counts[f])));
    io.stdout.write(`${cols.join(' ')}${name === '-' ? '' : ` ${name}`}\n`);
  }
  return status;
};

const grep: Command = async (io) => {
  const { flags, values, operands } = parseArgs(io.args, 'em');
  const patternText = values.get('e') ?? operands.shift();
  if (patternText === undefined)
    return fail(
      io,
      'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...',
      2,
    );
  let source = flags.has('F')
    ? patternText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    : flags.has('E')
      ? patternText
      : patternText.replace(/\\([(){}|+?])/g, '$1');
  if (flags.has('w')) source = `\\b(?:${source})\\b`;
  if (flags.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, flags.has('i') ? 'i' : '');
  } catch {
    return fail(io, `grep: bad regex '${patternText}'`, 2);
  }
  const inputs = await readInputs(io, operands, 'grep');
  const prefix = (flags.has('H') || inputs.length > 1) && !flags.has('h');
  let matched = false;
  let status = 0;
  for (const { name, data } of inputs) {
    if (data === undefined) {
      status = 2;
      continue;
    }
    let n = 0;
    for (const [i, line] of lines(data.toString('utf8')).entries()) {
      if (re.test(line) === flags.has('v')) continue;
      matched = true;
      n += 1;
      if (flags.has('q')) return 0;
      if (flags.has('l') || flags.has('c')) continue;
      const shown = flags.has('o') ? (re.exec(line)?.[0] ?? line) : line;
      io.stdout.write(
        `${prefix ? `${name === '-' ? '(standard input)' : name}:` : ''}${flags.has('n') ? `${i + 1}:` : ''}${shown}\n`,
      );
    }
    if (flags.has('l') && n > 0) io.stdout.write(`${name === '-' ? '(standard input)' : name}\n`);
    if (flags.has('c')) io.stdout.write(`${prefix ? `${name}:` : ''}${n}\n`);
  }
  return status === 2 && !matched ? 2 : matched ? 0 : 1;
};

const echo: Command = (io) => {
  let args = io.args;
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  const text = args.join(' ');
  io.stdout.write((escapes ? unescapeC(text) : text) + (newline ? '\n' : ''));
  return 0;
};

const printf: Command = (io) => {
  const [format = '', ...args] = io.args;
  if (io.args.length === 0) return fail(io, 'printf: usage: printf FORMAT [ARGUMENT...]');
  let rest = args;
  let out = '';
  do {
    let used = 0;
    out += unescapeC(format).replace(/%([-0-9.]*)([sdiuxXbc%])/g, (_, width: string, conv: string) => {
      if (conv === '%') return '%';
      const arg = rest[used++] ?? '';
      let v: string;
      if (conv === 's') v = arg;
      else if (conv === 'b') v = unescapeC(arg);
      else if (conv === 'c') v = arg.charAt(0);
      else if (conv === 'x' || conv === 'X') v = (Number(arg) || 0).toString(16);
      else v = String(Math.trunc(Number(arg) || 0));
      const w = Number.parseInt(width, 10);
      return Number.isNaN(w) ? v : width.startsWith('-') ? v.padEnd(-w) : v.padStart(w);
    });
    rest = rest.slice(used);
    if (used === 0) break;
  } while (rest.length > 0);
  io.stdout.write(out);
  return 0;
};

function digest(algorithm: 'sha256' | 'md5' | 'sha1'): Command {
  return async (io) => {
    let status = 0;
    for (const { name, data } of await readInputs(io, parseArgs(io.args).operands, `${algorithm}sum`)) {
      if (data === undefined) status = 1;
      else io.stdout.write(`${createHash(algorithm).update(data).digest('hex')}  ${name}\n`);
    }
    return status;
  };
}

const base64: Command = async (io) => {
  const { flags, values, operands } = parseArgs(io.args, 'w');
  const data = await input(io, operands, 'base64');
  if (data === undefined) return 1;
  if (flags.has('d')) {
    io.stdout.write(Buffer.from(data.toString('latin1').replace(/\s+/g, ''), 'base64'));
    return 0;
  }
  const wrap = Number(values.get('w') ?? 76);
  const encoded = data.toString('base64');
  const wrapped = wrap > 0 ? (encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n') : encoded;
  io.stdout.write(`${wrapped}\n`);
  return 0;
};

const sort: Command = async (io) => {
  const { flags, operands } = parseArgs(io.args);
  const data = await input(io, operands, 'sort');
  if (data === undefined) return 1;
  let all = lines(data.toString('utf8'));
  all.sort(flags.has('n') ? (a, b) => Number.parseFloat(a) - Number.parseFloat(b) : undefined);
  if (flags.has('r')) all.reverse();
  if (flags.has('u')) all = all.filter((l, i) => all.indexOf(l) === i);
  if (all.length) io.stdout.write(`${all.join('\n')}\n`);
  return 0;
};

const uniq: Command = async (io) => {
  const { flags, operands } = parseArgs(io.args);
  const data = await input(io, operands, 'uniq');
  if (data === undefined) return 1;
  const out: [string, number][] = [];
  for (const line of lines(data.toString('utf8'))) {
    const last = out[out.length - 1];
    if (last && last[0] === line) last[1] += 1;
    else out.push([line, 1]);
  }
  for (const [line, n] of out) io.stdout.write(flags.has('c') ? `${String(n).padStart(7)} ${line}\n` : `${line}\n`);
  return 0;
};

const seq: Command = (io) => {
  const nums = io.args.map(Number);
  const [first, step, last] =
    nums.length === 1
      ? [1, 1, nums[0] ?? 1]
      : nums.length === 2
        ? [nums[0] ?? 1, 1, nums[1] ?? 1]
        : [nums[0] ?? 1, nums[1] ?? 1, nums[2] ?? 1];
  if (nums.some(Number.isNaN) || step === 0) return fail(io, `seq: invalid number '${io.args.join(' ')}'`);
  const out: number[] = [];
  for (let v = first; step > 0 ? v <= last : v >= last; v += step) out.push(v);
  if (out.length) io.stdout.write(`${out.join('\n')}\n`);
  return 0;
};

export const TEXT_COMMANDS: Record<string, Command> = {
  head,
  tail,
  wc,
  grep,
  echo,
  printf,
  base64,
  sort,
  uniq,
  seq,
  sha256sum: digest('sha256'),
  sha1sum: digest('sha1'),
  md5sum: digest('md5'),
  basename: (io) => {
    const [path = '', suffix] = io.args;
    const base = posix.basename(path);
    io.stdout.write(`${suffix && base.endsWith(suffix) && base !== suffix ? base.slice(0, -suffix.length) : base}\n`);
    return 0;
  },
  dirname: (io) => {
    io.stdout.write(`${posix.dirname(io.args[0] ?? '.')}\n`);
    return 0;
  },
};
