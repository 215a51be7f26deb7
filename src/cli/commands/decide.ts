// `clopus approve ID`, `clopus reject ID`, `clopus revise ID TEXT…`, `clopus rollback ID`: the same decisions as the
// Slack buttons, recorded
// with the OS user as the actor (cli:<username>). An approval is bound to the proposal the person saw: on a terminal
// it is shown and confirmed; a script names it (`--proposal P --yes`). Anything else applies nothing.
//
// The incident is looked up first, so an ID the database does not hold is said before anything about the cluster.
// A decision's outcome is its result, on stdout (exit 0 when it happened, 1 when it was refused or failed);
// errors — bad input, no such incident, a bad kubeconfig — are one sentence on stderr (exit 2).
import { userInfo } from 'node:os';
import { type Config, loadConfig, ownNamespace } from '../../config/index.js';
import { ClopusError } from '../../errors.js';
import { createLogger, type Logger } from '../../logger.js';
import type { DecideDeps, DecisionResult } from '../../remediation/index.js';
import {
  type ExpectedProposal,
  expectedFor,
  MAX_REQUEST_CHARS,
  previewDecision,
  rejectIncident,
  requestChanges,
} from '../../remediation/verdicts.js';
import type { Store } from '../../store/index.js';
import { type Output, outputOf, parse } from '../args.js';
import { connect } from '../cluster.js';
import { incidentNotFound, openExisting, withDb } from '../database.js';
import { clean } from '../format.js';
import { incidentIdOf } from '../incident-id.js';
import { type CliIo, write } from '../io.js';
import { SPECS } from '../specs.js';
import { confirm, interactive, proposalText, workloadLabel } from './confirm.js';

type Decision = 'approve' | 'reject' | 'revise' | 'rollback';

/** The person at the terminal, as the audit trail names them. */
export function cliActor(env: Record<string, string | undefined>): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for this uid (some containers): the environment or the uid still says who it was.
    return `cli:${env.USER ?? env.LOGNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`}`;
  }
}

/** `--proposal P`: the proposal the person reviewed, by the id `clopus show` prints. */
function proposalOf(command: Decision, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (!/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id) || id < 1) {
    throw new ClopusError(
      'INPUT_INVALID',
      `--proposal takes a proposal ID (a positive whole number, as clopus show prints it)\nusage: ${SPECS[command].usage}`,
      { exitCode: 2 },
    );
  }
  return id;
}

function print(io: CliIo, config: Config, result: DecisionResult, output: Output): number {
  // Raced away between the look-up and the decision: the same sentence as an ID that never existed.
  if (result.outcome === 'not_found') throw incidentNotFound(result.incidentId, config);
  const shown = result.next ? { ...result, next: withDb(result.next, config) } : result;
  if (output === 'json') {
    write(io.stdout, JSON.stringify(shown, null, 2));
  } else {
    const lines = [clean(shown.message)];
    for (const a of shown.actions ?? []) lines.push(`  ${a.seq}. ${a.kind}  ${a.status}  ${clean(a.detail)}`);
    if (shown.next) lines.push(`Next: ${clean(shown.next)}`);
    write(io.stdout, lines.join('\n'));
  }
  return result.ok ? 0 : 1;
}

type Run<T> = (store: Store, config: Config, logger: Logger) => Promise<T>;

/** Opens the store for one decision on incident `id`, which must exist, and closes it afterwards. */
async function withIncident<T>(io: CliIo, id: number, run: Run<T>): Promise<{ config: Config; value: T }> {
  const config = loadConfig(io.env);
  // The answer goes to stdout; the log only carries warnings unless asked for more.
  const logger = createLogger({ level: io.env.CLOPUS_LOG_LEVEL ?? 'warn' });
  const store = openExisting(config, logger);
  try {
    if (!store.getIncident(id)) throw incidentNotFound(id, config);
    return { config, value: await run(store, config, logger) };
  } finally {
    store.close();
  }
}

/** What approve and rollback need: the decision service, over the cluster (loaded only by them). */
async function decisionService(
  io: CliIo,
  kubeconfig: string | undefined,
  store: Store,
  config: Config,
  logger: Logger,
) {
  const [{ createDecisionService }, kube] = await Promise.all([
    import('../../remediation/index.js'),
    connect(io, kubeconfig),
  ]);
  const deps: DecideDeps = {
    store,
    kube,
    config: config.fixer,
    logger,
    // A proposal planned in the manifests repository is delivered as a PR from here too.
    gitops: { config: config.gitops, namespace: ownNamespace(io.env) ?? 'clopus' },
  };
  return createDecisionService(deps);
}

/** Nothing was applied: the person at the terminal did not confirm. */
const notConfirmed = (id: number, proposalId: number): DecisionResult => ({
  ok: false,
  outcome: 'refused',
  incidentId: id,
  proposalId,
  state: 'proposed',
  message: `Not approved: you did not confirm. Nothing was changed.`,
  next: `Approve it later with: clopus approve ${id}, or reject it with: clopus reject ${id}`,
});

export async function approve(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.approve, argv);
  const output = outputOf(values.output, 'approve');
  const id = incidentIdOf('approve', SPECS.approve.usage, positionals);
  const seen = proposalOf('approve', values.proposal);
  if (values.yes && seen === undefined) {
    throw new ClopusError(
      'INPUT_INVALID',
      `--yes needs --proposal P, the proposal you reviewed (clopus show ${id} prints its ID)\nusage: ${SPECS.approve.usage}`,
      { exitCode: 2 },
    );
  }
  const wait = values.wait === true;
  const { config, value: result } = await withIncident(io, id, async (store, config, logger) => {
    // Loaded before anything is asked: a bad kubeconfig is said at once, not after the person confirmed.
    const service = await decisionService(io, values.kubeconfig, store, config, logger);
    // While waiting for the verdict, how it goes is said on stderr, so stdout carries only the answer.
    const onProgress = (p: { text: string }) => write(io.stderr, p.text);
    const decide = (expected: ExpectedProposal) =>
      service.approve(id, cliActor(io.env), 'cli', {
        wait,
        expected,
        ...(wait ? { onProgress } : {}),
        ...(values.live ? { live: true } : {}),
      });
    const named = seen === undefined ? undefined : expectedFor(store, seen);
    if (values.yes) return decide(named!);
    const preview = previewDecision(store, id, 'approve', named);
    if (!preview.decidable) return preview.result;
    const { incident, proposal, expected } = preview;
    if (!interactive(io.stdin)) {
      const how = withDb(`clopus approve ${id} --proposal ${proposal.id} --yes`, config);
      throw new ClopusError(
        'INPUT_INVALID',
        `there is no terminal to confirm on, so nothing was applied; to approve proposal ${proposal.id} without asking, run ${how}`,
        { exitCode: 2 },
      );
    }
    // With --output json, stdout carries only the result.
    const screen = output === 'json' ? io.stderr : io.stdout;
    write(screen, proposalText(incident, proposal));
    const yes = await confirm(io.stdin, screen, `Apply proposal ${proposal.id} to ${workloadLabel(incident)}? [y/N] `);
    return yes ? decide(expected) : notConfirmed(id, proposal.id);
  });
  return print(io, config, result, output);
}

export async function reject(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.reject, argv);
  const output = outputOf(values.output, 'reject');
  const id = incidentIdOf('reject', SPECS.reject.usage, positionals);
  const seen = proposalOf('reject', values.proposal);
  // A rejection changes nothing in the cluster, so it needs no kubeconfig and no confirmation.
  const { config, value: result } = await withIncident(io, id, (store, _config, logger) =>
    rejectIncident(
      { store, logger },
      id,
      cliActor(io.env),
      'cli',
      values.reason,
      seen === undefined ? {} : { expected: expectedFor(store, seen) },
    ),
  );
  return print(io, config, result, output);
}

/** `clopus revise ID TEXT…`: the words after the ID, as one request. */
function requestOf(id: number, words: readonly string[]): string {
  const text = words.join(' ').trim();
  if (text.length === 0 || text.length > MAX_REQUEST_CHARS) {
    throw new ClopusError(
      'INPUT_INVALID',
      `say what should change in incident ${id}'s proposal, in at most ${MAX_REQUEST_CHARS} characters (e.g. clopus revise ${id} use 256Mi)\nusage: ${SPECS.revise.usage}`,
      { exitCode: 2 },
    );
  }
  return text;
}

export async function revise(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.revise, argv);
  const output = outputOf(values.output, 'revise');
  const id = incidentIdOf('revise', SPECS.revise.usage, positionals.slice(0, 1));
  const request = requestOf(id, positionals.slice(1));
  const seen = proposalOf('revise', values.proposal);
  // Like a rejection it changes nothing in the cluster: no kubeconfig. The revised diagnosis is a running serve's,
  // whose sweep finds the incident `revising`.
  const { config, value: result } = await withIncident(io, id, (store, config, logger) =>
    requestChanges(
      { store, logger, config: config.fixer },
      id,
      cliActor(io.env),
      'cli',
      request,
      seen === undefined ? {} : { expected: expectedFor(store, seen) },
    ),
  );
  return print(io, config, result, output);
}

export async function rollback(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.rollback, argv);
  const output = outputOf(values.output, 'rollback');
  const id = incidentIdOf('rollback', SPECS.rollback.usage, positionals);
  const { config, value: result } = await withIncident(io, id, async (store, config, logger) =>
    (await decisionService(io, values.kubeconfig, store, config, logger)).rollback(id, cliActor(io.env), 'cli'),
  );
  return print(io, config, result, output);
}
