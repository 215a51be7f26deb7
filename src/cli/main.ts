// Command dispatch and the one place errors become a message and an exit code: results go to stdout, errors to
// stderr as one `clopus: sentence`, and the exit code says which kind of failure it was (README, "Exit codes").
import { ClopusError, isClopusError } from '../errors.js';
import { sanitizeBlock } from '../present/index.js';
import { helpText, wantsHelp } from './args.js';
import { type CliIo, write } from './io.js';
import { type CommandName, isCommand, SPECS } from './specs.js';

const HELP = [
  'clopus — approval-gated ChatOps bot for Kubernetes',
  '',
  'Usage:',
  ...Object.values(SPECS).flatMap((s) => [`  ${s.usage}`, `      ${s.summary}`]),
  '',
  'Run clopus help COMMAND (or clopus COMMAND --help) for what each option does.',
  'Configuration: CLOPUS_* environment variables and an optional YAML file (CLOPUS_CONFIG); see the README.',
  'Exit codes: 0 ok, 1 the operation failed, 2 bad usage or configuration or no such thing, 3 findings (--fail-on-findings).',
].join('\n');

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Loaded on use: the Kubernetes client alone takes seconds to import, and `help`, `incidents` or a typo need none of it.
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  scan: async () => (await import('./commands/scan.js')).scan,
  triage: async () => (await import('./commands/triage.js')).triage,
  serve: async () => (await import('./commands/serve.js')).serve,
  incidents: async () => (await import('./commands/incidents.js')).incidents,
  show: async () => (await import('./commands/show.js')).show,
  approve: async () => (await import('./commands/decide.js')).approve,
  reject: async () => (await import('./commands/decide.js')).reject,
  revise: async () => (await import('./commands/decide.js')).revise,
  rollback: async () => (await import('./commands/decide.js')).rollback,
  diagnose: async () => (await import('./commands/diagnose.js')).diagnose,
  version: async () => (await import('./version.js')).versionCommand,
};

/**
 * Exit codes: 0 ok, 1 the operation failed, 2 bad usage or configuration or a name that does not exist, 3 findings
 * (--fail-on-findings). Bad input and bad configuration are 2 wherever they were found; the rest say their own code.
 */
const USAGE_CODES: ReadonlySet<string> = new Set(['INPUT_INVALID', 'CONFIG_INVALID']);

function exitCodeOf(err: ClopusError): number {
  return USAGE_CODES.has(err.code) ? 2 : err.exitCode;
}

/** One prefix: a message written as "clopus triage: …" is not prefixed again. */
const sentence = (message: string): string => `clopus: ${sanitizeBlock(message).replace(/^clopus(?: [a-z]+)?: /, '')}`;

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
    if (command === '--version') return await (await COMMANDS.version())(rest, io);
    if (command === 'help') return help(rest[0], io);
    if (!isCommand(command)) throw unknown(command);
    if (wantsHelp(rest)) return help(command, io);
    return await (await COMMANDS[command]())(rest, io);
  } catch (err) {
    if (isClopusError(err)) {
      write(io.stderr, sentence(err.message));
      return exitCodeOf(err);
    }
    write(io.stderr, `clopus: unexpected error: ${sanitizeBlock((err as Error)?.message ?? String(err))}`);
    if (io.env.CLOPUS_DEBUG) write(io.stderr, String((err as Error)?.stack));
    return 1;
  }
}
