// `clopus approve ID`, `clopus reject ID`, `clopus rollback ID`: the same decisions as the Slack buttons, recorded
// with the OS user as the actor (cli:<username>).
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../../config/index.js';
import { ClopusError } from '../../errors.js';
import { createDecisionService, rejectIncident, type DecideDeps, type DecisionResult } from '../../fixer/decide/index.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import { createLogger, type Logger } from '../../logger.js';
import { openStore, type Store } from '../../store/index.js';
import { outputOf, parse } from '../args.js';
import { clean } from '../format.js';
import { write, type CliIo } from '../io.js';

const USAGE = {
  approve: 'clopus approve ID [--wait] [--output table|json] [--kubeconfig FILE]',
  reject: 'clopus reject ID [--reason TEXT] [--output table|json]',
  rollback: 'clopus rollback ID [--output table|json] [--kubeconfig FILE]',
} as const;

/** The person at the terminal, as the audit trail names them. */
export function cliActor(env: Record<string, string | undefined>): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for this uid (some containers): the environment or the uid still says who it was.
    return `cli:${env.USER ?? env.LOGNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`}`;
  }
}

function incidentId(command: keyof typeof USAGE, positionals: string[]): number {
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) {
    throw new ClopusError('INPUT_INVALID', `clopus ${command} needs one incident ID (a positive whole number)\nusage: ${USAGE[command]}`, { exitCode: 2 });
  }
  return id;
}

function print(io: CliIo, result: DecisionResult, output: 'table' | 'json'): number {
  if (output === 'json') {
    write(io.stdout, JSON.stringify(result, null, 2));
  } else {
    const lines = [clean(result.message)];
    for (const a of result.actions ?? []) lines.push(`  ${a.seq}. ${a.kind}  ${a.status}  ${clean(a.detail)}`);
    if (result.next) lines.push(`Next: ${clean(result.next)}`);
    // An ID that names no incident is bad input, as for `clopus show`: said on stderr, and stdout stays empty.
    write(result.outcome === 'not_found' ? io.stderr : io.stdout, lines.join('\n'));
  }
  return result.ok ? 0 : 1;
}

/** Opens the store for one decision and closes it afterwards. */
async function withStore<T>(io: CliIo, run: (store: Store, config: Config, logger: Logger) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  // The answer goes to stdout; the log only carries warnings unless asked for more.
  const logger = createLogger({ level: io.env.CLOPUS_LOG_LEVEL ?? 'warn' });
  const store = openStore(config.databasePath, { logger });
  try {
    return await run(store, config, logger);
  } finally {
    store.close();
  }
}

function decideDeps(io: CliIo, kubeconfig: string | undefined, store: Store, config: Config, logger: Logger): DecideDeps {
  return { store, kube: new KubeClient(loadKubeConfig(kubeconfig ?? io.env.KUBECONFIG)), config: config.fixer, logger };
}

export async function approve(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('approve', argv, { wait: { type: 'boolean' }, output: { type: 'string', short: 'o' }, kubeconfig: { type: 'string' } }, USAGE.approve);
  const output = outputOf(values.output, 'approve');
  const id = incidentId('approve', positionals);
  const result = await withStore(io, (store, config, logger) =>
    createDecisionService(decideDeps(io, values.kubeconfig, store, config, logger)).approve(id, cliActor(io.env), 'cli', { wait: values.wait === true }));
  return print(io, result, output);
}

export async function reject(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('reject', argv, { reason: { type: 'string' }, output: { type: 'string', short: 'o' } }, USAGE.reject);
  const output = outputOf(values.output, 'reject');
  const id = incidentId('reject', positionals);
  // A rejection changes nothing in the cluster, so it needs no kubeconfig.
  const result = await withStore(io, (store, _config, logger) => rejectIncident({ store, logger }, id, cliActor(io.env), 'cli', values.reason));
  return print(io, result, output);
}

export async function rollback(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('rollback', argv, { output: { type: 'string', short: 'o' }, kubeconfig: { type: 'string' } }, USAGE.rollback);
  const output = outputOf(values.output, 'rollback');
  const id = incidentId('rollback', positionals);
  const result = await withStore(io, (store, config, logger) =>
    createDecisionService(decideDeps(io, values.kubeconfig, store, config, logger)).rollback(id, cliActor(io.env), 'cli'));
  return print(io, result, output);
}
