// exec inside the envelope: an argv must match one of the configured command shapes, word for word. It is never
// read as shell text, so there is nothing to parse and nothing to slip past: a shape is an exact argv where "*"
// stands for one plain word.

/** Programs that run text as code; an argv starting one is refused whatever the configuration says. */
const INTERPRETERS = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'csh',
  'tcsh',
  'fish',
  'busybox',
  'toybox',
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'deno',
  'bun',
  'php',
  'lua',
  'luajit',
  'tclsh',
  'wish',
  'Rscript',
  'java',
  'jshell',
  'groovy',
  'pwsh',
  'powershell',
  'awk',
  'gawk',
  'mawk',
  'nawk',
  'sed',
  'expect',
  'gdb',
  'vim',
  'vi',
  'ed',
  'osascript',
  'env',
  'xargs',
  'nohup',
  'timeout',
  'nice',
  'ionice',
  'chroot',
  'su',
  'sudo',
  'doas',
  'runuser',
  'setsid',
  'stdbuf',
  'strace',
  'ltrace',
  'watch',
  'time',
  'exec',
  'eval',
  'command',
  'nsenter',
  'unshare',
  'capsh',
  'script',
  'find',
  'make',
  'socat',
  'nc',
  'ncat',
  'telnet',
  'ssh',
  'scp',
  'curl',
  'wget',
]);

/** What "*" in a shape accepts: a short word with no shell meaning and no option dash. */
const PLAIN_WORD = /^[A-Za-z0-9_][A-Za-z0-9._:/=@%+-]{0,255}$/;

const base = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

/** The interpreter an argv starts, by its program's base name with any version suffix (python3.12 → python3). */
export function interpreterOf(argv: readonly string[]): string | undefined {
  const name = base(argv[0] ?? '');
  const plain = name.replace(/[\d.]+$/, '');
  return INTERPRETERS.has(name) ? name : INTERPRETERS.has(plain) && plain !== '' ? name : undefined;
}

export function matchesShape(argv: readonly string[], shape: readonly string[]): boolean {
  return (
    argv.length === shape.length &&
    shape.every((w, i) => (w === '*' ? PLAIN_WORD.test(argv[i]!) && !argv[i]!.includes('..') : w === argv[i]))
  );
}

export type ExecVerdict = { ok: true } | { ok: false; problem: string };

export function classifyExec(argv: readonly string[], shapes: readonly (readonly string[])[]): ExecVerdict {
  const interpreter = interpreterOf(argv);
  if (interpreter)
    return {
      ok: false,
      problem: `argv starts ${interpreter}, which runs text as code; shells and interpreters are never run`,
    };
  if (argv.some((a) => /[\x00-\x1f\x7f]/.test(a))) return { ok: false, problem: 'argv contains control characters' };
  if (shapes.some((s) => matchesShape(argv, s) && interpreterOf(s) === undefined)) return { ok: true };
  const allowed = shapes.map((s) => s.join(' ')).join('; ') || 'none configured';
  return {
    ok: false,
    problem: `"${argv.join(' ').slice(0, 300)}" matches no allowed command shape (fixer.envelope.exec: ${allowed.slice(0, 400)})`,
  };
}
