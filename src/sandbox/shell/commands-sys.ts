// Process and environment commands of the sandbox shell: sh, env, id, ps, sleep, date, cd, exit, …

import { type Command, ExitSignal, type Io } from './types.js';
import { fail, parseArgs } from './util.js';

/** Quotes an argument so the sandbox shell reads it back as one word. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const sh: Command = async (io) => {
  const { flags, operands } = parseArgs(io.args);
  if (flags.has('c')) {
    const [script = '', ...positional] = operands;
    return io.runScript(script, positional.length ? positional : ['sh']);
  }
  if (operands.length > 0) {
    const [file = '', ...rest] = operands;
    const data = io.fs.read(io.resolve(file));
    if (data === undefined) return fail(io, `sh: can't open '${file}': No such file or directory`, 2);
    return io.runScript(data.toString('utf8'), [file, ...rest]);
  }
  return io.runScript((await io.stdin()).toString('utf8'), ['sh']);
};

function printVars(io: Io, prefix = ''): number {
  for (const [k, v] of io.state.vars) io.stdout.write(`${prefix}${k}=${prefix ? `'${v}'` : v}\n`);
  return 0;
}

const env: Command = async (io) => {
  let i = 0;
  const extra: [string, string][] = [];
  for (; i < io.args.length; i++) {
    const a = io.args[i] ?? '';
    if (a === '-i' || a === '-') continue;
    const eq = a.indexOf('=');
    if (eq <= 0) break;
    extra.push([a.slice(0, eq), a.slice(eq + 1)]);
  }
  const saved = new Map(io.state.vars);
  for (const [k, v] of extra) io.state.vars.set(k, v);
  try {
    if (i >= io.args.length) return printVars(io);
    return await io.runScript(io.args.slice(i).map(shellQuote).join(' '), ['env']);
  } finally {
    io.state.vars.clear();
    for (const [k, v] of saved) io.state.vars.set(k, v);
  }
};

const printenv: Command = (io) => {
  if (io.args.length === 0) return printVars(io);
  let status = 0;
  for (const name of io.args) {
    const v = io.state.vars.get(name);
    if (v === undefined) status = 1;
    else io.stdout.write(`${v}\n`);
  }
  return status;
};

const id: Command = (io) => {
  const { flags } = parseArgs(io.args);
  const { uid, gid } = io.sys;
  const name = (n: number): string => (n === 0 ? '(root)' : '');
  if (flags.has('u')) io.stdout.write(`${flags.has('n') ? (uid === 0 ? 'root' : uid) : uid}\n`);
  else if (flags.has('g')) io.stdout.write(`${flags.has('n') ? (gid === 0 ? 'root' : gid) : gid}\n`);
  else io.stdout.write(`uid=${uid}${name(uid)} gid=${gid}${name(gid)} groups=${gid}${name(gid)}\n`);
  return 0;
};

const sleep: Command = async (io) => {
  const m = /^(\d*\.?\d+)([smhd]?)$/.exec(io.args[0] ?? '');
  if (!m) return fail(io, `sleep: invalid number '${io.args[0] ?? ''}'`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  const ms = Number(m[1]) * unit * 1000;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    io.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
  return io.signal.aborted ? 130 : 0;
};

const ps: Command = (io) => {
  const rows = [
    ['1', io.sys.entrypoint.join(' ') || '/pause'],
    ['42', 'ps'],
  ];
  io.stdout.write(
    `PID   USER     TIME  COMMAND\n${rows.map(([pid = '', cmd]) => `${pid.padStart(5)} ${io.sys.uid === 0 ? 'root    ' : String(io.sys.uid).padEnd(8)}  0:00 ${cmd}`).join('\n')}\n`,
  );
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const date: Command = (io) => {
  const d = io.sys.now();
  const two = (n: number): string => String(n).padStart(2, '0');
  const f: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: two(d.getUTCMonth() + 1),
    d: two(d.getUTCDate()),
    H: two(d.getUTCHours()),
    M: two(d.getUTCMinutes()),
    S: two(d.getUTCSeconds()),
    s: String(Math.floor(d.getTime() / 1000)),
    Z: 'UTC',
    z: '+0000',
    a: DAYS[d.getUTCDay()] ?? '',
    b: MONTHS[d.getUTCMonth()] ?? '',
    e: String(d.getUTCDate()).padStart(2),
    y: two(d.getUTCFullYear() % 100),
    N: String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    '%': '%',
  };
  f.F = `${f.Y}-${f.m}-${f.d}`;
  f.T = `${f.H}:${f.M}:${f.S}`;
  const fmt = io.args.find((a) => a.startsWith('+'));
  if (io.args.some((a) => a.startsWith('-I') || a.startsWith('--iso'))) io.stdout.write(`${f.F}T${f.T}+00:00\n`);
  else if (fmt) io.stdout.write(`${fmt.slice(1).replace(/%(.)/g, (m, c: string) => f[c] ?? m)}\n`);
  else io.stdout.write(`${f.a} ${f.b} ${f.e} ${f.T} UTC ${f.Y}\n`);
  return 0;
};

const uname: Command = (io) => {
  const { flags } = parseArgs(io.args);
  const parts = { s: 'Linux', n: io.sys.hostname, r: '6.1.0-sandbox', v: '#1 SMP PREEMPT_DYNAMIC', m: 'x86_64' };
  if (flags.has('a')) io.stdout.write(`${Object.values(parts).join(' ')} GNU/Linux\n`);
  else {
    const keys = (['s', 'n', 'r', 'v', 'm'] as const).filter((k) => flags.has(k));
    io.stdout.write(`${(keys.length ? keys : (['s'] as const)).map((k) => parts[k]).join(' ')}\n`);
  }
  return 0;
};

const cd: Command = (io) => {
  const target = io.args[0] ?? io.state.vars.get('HOME') ?? '/';
  const path = io.resolve(target);
  if (!io.fs.isDir(path)) return fail(io, `sh: cd: can't cd to ${target}: No such file or directory`, 2);
  io.state.cwd = path;
  return 0;
};

const exportCmd: Command = (io) => {
  if (io.args.length === 0 || io.args[0] === '-p') return printVars(io, 'export ');
  for (const a of io.args) {
    const eq = a.indexOf('=');
    if (eq > 0) io.state.vars.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return 0;
};

const ok: Command = () => 0;

/** Commands that need the full command table (which, command -v). */
export function sysCommands(table: () => Record<string, Command>): Record<string, Command> {
  const lookup: Command = (io) => {
    const names = io.name === 'command' ? io.args.filter((a) => !a.startsWith('-')) : io.args;
    let status = 0;
    for (const n of names) {
      if (table()[n]) io.stdout.write(`/bin/${n}\n`);
      else status = 1;
    }
    return status;
  };
  return {
    sh,
    ash: sh,
    bash: sh,
    dash: sh,
    env,
    printenv,
    id,
    sleep,
    ps,
    date,
    uname,
    cd,
    export: exportCmd,
    true: ok,
    ':': ok,
    kill: ok,
    sync: ok,
    false: () => 1,
    whoami: (io) => {
      io.stdout.write(`${io.sys.uid === 0 ? 'root' : `whoami: unknown uid ${io.sys.uid}`}\n`);
      return io.sys.uid === 0 ? 0 : 1;
    },
    hostname: (io) => {
      io.stdout.write(`${io.sys.hostname}\n`);
      return 0;
    },
    pwd: (io) => {
      io.stdout.write(`${io.state.cwd}\n`);
      return 0;
    },
    nproc: (io) => {
      io.stdout.write('2\n');
      return 0;
    },
    unset: (io) => {
      for (const a of io.args) io.state.vars.delete(a);
      return 0;
    },
    exit: (io) => {
      throw new ExitSignal(io.args[0] === undefined ? io.state.lastStatus : Number(io.args[0]) & 255);
    },
    which: lookup,
    command: lookup,
  };
}
