// Which exec argvs are refused whatever the reviewer might think: wiping the filesystem, reading the service
// account token or mounted secrets, and piping a download into a shell. A shell's -c script is checked as the
// commands it runs, split loosely (a refusal that errs is one the model can correct; a miss is not).

/** Where Kubernetes mounts the service account token and where secret volumes conventionally go. */
export const SECRET_ROOTS = ['/var/run/secrets', '/run/secrets'];

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
const DOWNLOADERS = new Set(['curl', 'wget']);

const base = (word: string): string => word.slice(word.lastIndexOf('/') + 1);
const unquote = (word: string): string => word.replace(/^["']+|["']+$/g, '');

export const isSecretPath = (path: string): boolean => SECRET_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));

/** `/`, `/*`, `/etc`, `/usr/` or `/var/*`: the root or a top-level directory. */
const isTopLevel = (path: string): boolean => /^\/(?:[^/]*)\/?\*?$/.test(path.replace(/\/\.?$/, '/'));

function checkCommand(argv: readonly string[]): string[] {
  const [head, ...args] = argv;
  if (head === undefined) return [];
  const name = base(head);
  const problems: string[] = [];
  if (args.includes('--no-preserve-root')) problems.push('uses --no-preserve-root');
  const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive');
  if (name === 'rm' && recursive && args.some((a) => !a.startsWith('-') && isTopLevel(a))) problems.push('deletes the root or a top-level directory recursively');
  if (argv.some((a) => SECRET_ROOTS.some((root) => a.includes(root))) || argv.some((a) => /\/proc\/[^/\s]+\/environ/.test(a))) {
    problems.push('reads the service account token, mounted secrets or a process environment');
  }
  if ((name === 'kubectl' || name === 'oc') && args.some((a) => /^secrets?$|^secrets?\//.test(a))) problems.push('reads Kubernetes Secrets');
  if (name === 'printenv' || (name === 'env' && args.every((a) => a.startsWith('-') || a.includes('=')))) problems.push('prints the environment, where secrets live');
  return problems;
}

/** The simple commands of a shell script, split on separators and pipes; quotes are only stripped. */
function scriptCommands(script: string): { commands: string[][]; pipesDownload: boolean } {
  const pipelines = script.split(/;|&&|\|\||\n|&/);
  const pipesDownload = pipelines.some((p) => {
    const stages = p.split('|').map((s) => base(unquote(s.trim().split(/\s+/)[0] ?? '')));
    return stages.some((s, i) => DOWNLOADERS.has(s) && stages.slice(i + 1).some((next) => SHELLS.has(next)));
  });
  const commands = pipelines.flatMap((p) => p.split(/\||\$\(|`|\)/)).map((c) => c.trim().split(/\s+/).map(unquote).filter(Boolean));
  return { commands: commands.filter((c) => c.length > 0), pipesDownload };
}

/** Reasons an exec argv is refused; empty when acceptable. */
export function checkExec(argv: readonly string[]): string[] {
  const problems = checkCommand(argv);
  const name = base(argv[0] ?? '');
  const c = argv.indexOf('-c');
  if (SHELLS.has(name) && c !== -1 && argv[c + 1] !== undefined) {
    const { commands, pipesDownload } = scriptCommands(argv[c + 1]!);
    problems.push(...commands.flatMap(checkCommand));
    if (pipesDownload) problems.push('pipes a download into a shell');
  }
  return [...new Set(problems)];
}
