// `clopus serve`: the long-running bot. The detector records incidents; the fixer loop diagnoses them, expires
// proposals nobody decided on, and verifies applied fixes (resuming what a previous run left); the policy
// auto-approves in trusted namespaces; Slack (when its tokens are set) shows every incident and takes decisions.
// One server per database: a second refuses to start (serve-lease.ts).
import { loadConfig, namespaceMatcher, type Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { Detector, scanOnce } from '../../detector/index.js';
import { startFixerWithPolicy } from '../../app/index.js';
import { createRunner } from '../../runner/index.js';
import { startSlack, type RunningSlack } from '../../slack/index.js';
import { startDashboard, watchProbes, type RunningDashboard, type ExtraMetric } from '../../dashboard/index.js';
import { createLogger, type Logger } from '../../logger.js';
import { parse } from '../args.js';
import { SPECS } from '../specs.js';
import { write, type CliIo } from '../io.js';
import { connect } from '../cluster.js';
import { ClopusError } from '../../errors.js';
import { holdServeLease, type ServeLease } from './serve-lease.js';

export async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.serve, argv);
  const config = loadConfig(io.env);
  const logger = createLogger({ level: config.logLevel });
  // The lease first: a second server must leave before it touches the cluster (job mode sweeps leftover Jobs).
  const store = openStore(config.databasePath, { logger });
  let lease: ServeLease;
  // Losing the lease (another server took over while this one stalled) stops this one like a signal would.
  const lost = new AbortController();
  try {
    lease = holdServeLease(store, logger, (holder) => lost.abort(holder));
  } catch (err) {
    store.close();
    throw err;
  }
  try {
    const signal = io.signal ? AbortSignal.any([io.signal, lost.signal]) : lost.signal;
    const code = await run(values.kubeconfig, { ...io, signal }, config, logger, store);
    if (!lost.signal.aborted) return code;
    throw new ClopusError('STORE_ERROR', `another clopus serve took over the database ${config.databasePath} (now held by ${String(lost.signal.reason)}) while this one was not renewing its lease, so this one stopped. Run one replica with strategy Recreate.`);
  } finally {
    lease.release();
    store.close();
  }
}

async function run(kubeconfig: string | undefined, io: CliIo, config: Config, logger: Logger, store: Store): Promise<number> {
  const kube = await connect(io, kubeconfig);
  const runner = await createRunner({ config, kube, logger, env: io.env });
  await runner.start();
  const access = runner.access;
  // In job mode the Job slots are the limit; the diagnosis queue must not be the narrower one.
  const fixerConfig = runner.mode === 'job' ? { ...config.fixer, concurrency: Math.max(config.fixer.concurrency, config.runner.job.concurrency) } : config.fixer;

  // Hooks only name an incident: Slack re-reads it and shows what changed; the policy decides whether to approve.
  let slack: RunningSlack | undefined;
  let dashboard: RunningDashboard | undefined;
  // The same fixer-and-policy wiring as the demo: every proposal, whatever started its diagnosis, goes to the policy.
  const fixer = startFixerWithPolicy({
    store, kube, config: fixerConfig, access, planClaude: runner.planClaude, logger, policy: config.policy,
    onDiagnosis: (id) => slack?.sync(id, { post: true }),
    onAutoApprove: (id) => slack?.sync(id),
    onVerdict: (id) => slack?.sync(id),
  });
  const detector = new Detector({
    kube, store, config, logger,
    onIncidentReady: (id) => {
      fixer.enqueue(id);
      slack?.sync(id, { post: true });
    },
  });
  try {
    // First, so the probes answer while the first list is still running.
    const probes = watchProbes(() => detector.health());
    dashboard = await startDashboard({
      store, logger, cluster: config.cluster,
      port: config.dashboard.port, host: config.dashboard.host, token: config.dashboard.token,
      health: probes.health,
      metrics: (): ExtraMetric[] => [
        ...probes.metrics(),
        { name: 'clopus_diagnoses_queued', help: 'Diagnoses waiting for a runner slot (job mode).', type: 'gauge', samples: [{ value: runner.stats().queued }] },
      ],
    });
    const watched = namespaceMatcher(config.namespaces);
    slack = await startSlack({
      env: io.env, config, store, decisions: fixer.decisions, logger,
      scan: async (namespaces) => scanOnce(kube, config, namespaces),
      watches: (ns) => watched(ns),
      health: () => detector.health(),
    });
    await detector.start();
    const health = detector.health();
    logger.info({ server: kube.server, scopes: health.scopes, pods: health.pods, db: config.databasePath, planner: config.fixer.planner, runner: runner.mode, model: access?.source ?? 'none', slack: slack?.mode ?? 'off' }, 'watching');
    write(io.stderr, `clopus: watching ${health.pods} pods in ${health.scopes.join(', ') === '*' ? 'all namespaces' : health.scopes.join(', ')}; incidents go to ${config.databasePath}; dashboard on ${dashboard.url}${slack ? ` and Slack (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${slack.app.port}`})` : ''}`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // The detector first, so no new work arrives; then the fixer, whose running diagnoses end as failed and whose
    // verifications stop without a verdict (the next start resumes them), and auto-approvals under way; then
    // Slack (what it has not sent stays in the outbox for the next start).
    await detector.stop();
    await fixer.stop();
    await slack?.stop();
    await runner.stop();
    await dashboard?.close();
  }
  return 0;
}
