// `clopus approve ID`, `clopus reject ID`, `clopus rollback ID`: the same decisions as the Slack buttons, recorded
// with the OS user as the actor (cli:<username>). An approval is bound to the proposal the person saw: on a terminal
// it is shown and confirmed; a script names it (`--proposal P --yes`). Anything else applies nothing.
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../../config/index.js';
import { ClopusError } from '../../errors.js';
import { createDecisionService, expectedFor, previewDecision, rejectIncident, type DecideDeps, type DecisionResult, type ExpectedProposal } from '../../fixer/decide/index.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import { createLogger, type Logger } from '../../logger.js';
import { openStore, type Store } from '../../store/index.js';
import { outputOf, parse } from '../args.js';
import { SPECS } from '../specs.js';
import { clean } from '../format.js';
import { write, type CliIo } from '../io.js';
import { confirm, interactive, proposalText, workloadLabel } from './confirm.js';

type Decision = 'approve' | 'reject' | 'rollback';

/** The person at the terminal, as the audit trail names them. */
export function cliActor(env: Record<string, string | undefined>): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for this uid (some containers): the environment or the uid still says who it was.
    return `cli:${env.USER ?? env.LOGNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`}`;
  }
}

function incidentId(command: Decision, positionals: string[]): number {
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) {
    throw new ClopusError('INPUT_INVALID', `clopus ${command} needs one incident ID (a positive whole number)\nusage: ${SPECS[command].usage}`, { exitCode: 2 });
  }
  return id;
}

/** `--proposal P`: the proposal the person reviewed, by the id `clopus show` prints. */
function proposalOf(command: Decision, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (!/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id) || id < 1) {
    throw new ClopusError('INPUT_INVALID', `clopus ${command}: --proposal takes a proposal ID (a positive whole number, as clopus show prints it)\nusage: ${SPECS[command].usage}`, { exitCode: 2 });
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

/** Nothing was applied: the person at the terminal did not confirm. */
const notConfirmed = (id: number, proposalId: number): DecisionResult => ({
  ok: false, outcome: 'refused', incidentId: id, proposalId, state: 'proposed',
  message: `Not approved: you did not confirm. Nothing was changed.`,
  next: `Approve it later with: clopus approve ${id}, or reject it with: clopus reject ${id}`,
});

export async function approve(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.approve, argv);
  const output = outputOf(values.output, 'approve');
  const id = incidentId('approve', positionals);
  const seen = proposalOf('approve', values.proposal);
  if (values.yes && seen === undefined) {
    throw new ClopusError('INPUT_INVALID', `clopus approve: --yes needs --proposal P, the proposal you reviewed (clopus show ${id} prints its ID)\nusage: ${SPECS.approve.usage}`, { exitCode: 2 });
  }
  const wait = values.wait === true;
  const result = await withStore(io, async (store, config, logger) => {
    // Loaded before anything is asked: a bad kubeconfig is said at once, not after the person confirmed.
    const service = createDecisionService(decideDeps(io, values.kubeconfig, store, config, logger));
    const decide = (expected: ExpectedProposal) => service.approve(id, cliActor(io.env), 'cli', { wait, expected });
    const named = seen === undefined ? undefined : expectedFor(store, seen);
    if (values.yes) return decide(named!);
    const preview = previewDecision(store, id, 'approve', named);
    if (!preview.decidable) return preview.result;
    const { incident, proposal, expected } = preview;
    if (!interactive(io.stdin)) {
      throw new ClopusError('INPUT_INVALID', `clopus approve: there is no terminal to confirm on, so nothing was applied; to approve proposal ${proposal.id} without asking, run clopus approve ${id} --proposal ${proposal.id} --yes`, { exitCode: 2 });
    }
    // With --output json, stdout carries only the result.
    const screen = output === 'json' ? io.stderr : io.stdout;
    write(screen, proposalText(incident, proposal));
    const yes = await confirm(io.stdin, screen, `Apply proposal ${proposal.id} to ${workloadLabel(incident)}? [y/N] `);
    return yes ? decide(expected) : notConfirmed(id, proposal.id);
  });
  return print(io, result, output);
}

export async function reject(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.reject, argv);
  const output = outputOf(values.output, 'reject');
  const id = incidentId('reject', positionals);
  const seen = proposalOf('reject', values.proposal);
  // A rejection changes nothing in the cluster, so it needs no kubeconfig and no confirmation.
  const result = await withStore(io, (store, _config, logger) =>
    rejectIncident({ store, logger }, id, cliActor(io.env), 'cli', values.reason, seen === undefined ? {} : { expected: expectedFor(store, seen) }));
  return print(io, result, output);
}

export async function rollback(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.rollback, argv);
  const output = outputOf(values.output, 'rollback');
  const id = incidentId('rollback', positionals);
  const result = await withStore(io, (store, config, logger) =>
    createDecisionService(decideDeps(io, values.kubeconfig, store, config, logger)).rollback(id, cliActor(io.env), 'cli'));
  return print(io, result, output);
}
