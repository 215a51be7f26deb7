// Command dispatch and the one place errors become a message and an exit code.
import { ClopusError, isClopusError } from '../errors.js';
import { write, type CliIo } from './io.js';

const HELP = `clopus — approval-gated ChatOps bot for Kubernetes

Usage:
  clopus serve [--kubeconfig FILE]                    watch the cluster, diagnose incidents, verify applied fixes
  clopus scan [--namespace NS]… [--output table|json] one scan against the current kubeconfig, printed
  clopus triage [FILE|-] [--output table|json]        classify \`kubectl get pods -A -o json\` output offline
  clopus incidents [--state S] [--namespace NS]       list incidents in the database
  clopus show ID                                      one incident: pods, evidence, proposal and diff, diagnoses, history
  clopus approve ID [--wait]                          apply the incident's proposal (--wait: also wait for verification)
  clopus reject ID [--reason TEXT]                    reject the incident's proposal; nothing is applied
  clopus rollback ID                                  undo an applied, regressed or failed fix from its records
  clopus diagnose --input FILE                        run one diagnosis from an input file (what a diagnosis Job runs)

Configuration: CLOPUS_* environment variables and an optional YAML file (CLOPUS_CONFIG); see the README.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Loaded on use: the Kubernetes client alone takes seconds to import, and `help`, `incidents` or a typo need none of it.
const COMMANDS: Record<string, () => Promise<Command>> = {
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

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    write(io.stdout, HELP);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!load) throw new ClopusError('INPUT_INVALID', `unknown command "${command}"; run clopus help for the list`, { exitCode: 2 });
    return await (await load())(rest, io);
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
