// Command dispatch and the one place errors become a message and an exit code.
import { ClopusError, isClopusError } from '../errors.js';
import { helpText, wantsHelp } from './args.js';
import { write, type CliIo } from './io.js';
import { SPECS, isCommand, type CommandName } from './specs.js';

const HELP = [
  'clopus — approval-gated ChatOps bot for Kubernetes',
  '',
  'Usage:',
  ...Object.values(SPECS).flatMap((s) => [`  ${s.usage}`, `      ${s.summary}`]),
  '',
  'Run clopus help COMMAND (or clopus COMMAND --help) for what each option does.',
  'Configuration: CLOPUS_* environment variables and an optional YAML file (CLOPUS_CONFIG); see the README.',
].join('\n');

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Loaded on use: the Kubernetes client alone takes seconds to import, and `help`, `incidents` or a typo need none of it.
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  scan: async () => (await import('./commands/scan.js')).scan,
  triage: async () => (await import('./commands/triage.js')).triage,
  serve: async () => (await import('./commands/serve.js')).serve,
  incidents: async () => (await import('./commands/incidents.js')).incidents,
  show: async () => (await import('./commands/incidents.js')).show,
  approve: async () => (await import('./commands/decide.js')).approve,
  reject: async () => (await import('./commands/decide.js')).reject,
  rollback: async () => (await import('./commands/decide.js')).rollback,
  diagnose: async () => (await import('./commands/diagnose.js')).diagnose,
};

const unknown = (command: string): ClopusError =>
  new ClopusError('INPUT_INVALID', `unknown command "${command}"; run clopus help for the list`, { exitCode: 2 });

/** `clopus help [COMMAND]`, `clopus --help`, `clopus COMMAND --help`. */
function help(command: string | undefined, io: CliIo): number {
  if (command === undefined || command === 'help') {
    write(io.stdout, HELP);
    return 0;
  }
  if (!isCommand(command)) throw unknown(command);
  write(io.stdout, helpText(SPECS[command]));
  return 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h') return help(undefined, io);
    if (command === 'help') return help(rest[0], io);
    if (!isCommand(command)) throw unknown(command);
    if (wantsHelp(rest)) return help(command, io);
    return await (await COMMANDS[command]())(rest, io);
  } catch (err) {
    if (isClopusError(err)) {
      write(io.stderr, `clopus: ${err.message}`);
      return err.exitCode;
    }
    write(io.stderr, `clopus: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    if (io.env.CLOPUS_DEBUG) write(io.stderr, String((err as Error)?.stack));
    return 1;
  }
}
