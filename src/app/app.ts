// The running bot, put together in one place for `clopus serve` and the demo: the store (and, for serve, its
// lease), the runner, the fixer loop with the auto-approve policy, the detector, the dashboard and Slack. The
// detector records incidents; the fixer diagnoses them, expires proposals nobody decided on and verifies applied
// fixes; the policy auto-approves in trusted namespaces; Slack (when its tokens are set) shows every incident.
import { dirname, join } from 'node:path';
import { type Config, namespaceMatcher, ownNamespace } from '../config/index.js';
import type { RunningDashboard } from '../dashboard/index.js';
import { Detector, scanOnce } from '../detector/index.js';
import { createLogger } from '../logger.js';
import { createConversation, createRunner } from '../runner/index.js';
import { type RunningSlack, startSlack } from '../slack/index.js';
import { openStore } from '../store/index.js';
import { botModelAccess } from './conversation.js';
import { openDashboard } from './dashboard.js';
import { holdServeLease, type ServeLease } from './lease.js';
import type { App, AppDeps, AppRunner } from './types.js';
import { type FixerWithPolicy, startFixerWithPolicy } from './with-policy.js';

export type { App, AppDeps } from './types.js';

/** Starts the bot; whatever started is stopped again if a later part fails (and the error is thrown). */
export async function startApp(config: Config, deps: AppDeps): Promise<App> {
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  // The lease first: a second server must leave before it touches the cluster (job mode sweeps leftover Jobs).
  const store = openStore(config.databasePath, { logger });
  // Losing the lease (another server took over while this one stalled) is told through leaseLost.
  const lost = new AbortController();
  let lease: ServeLease | undefined;
  try {
    if (deps.lease) lease = holdServeLease(store, logger, (holder) => lost.abort(holder));
  } catch (err) {
    store.close();
    throw err;
  }

  let runner: AppRunner | undefined;
  let fixer: FixerWithPolicy | undefined;
  let detector: Detector | undefined;
  let dashboard: RunningDashboard | undefined;
  let slack: RunningSlack | undefined;
  let stopping: Promise<void> | undefined;
  // The detector first, so no new work arrives; then the fixer, whose running diagnoses end as failed and whose
  // verifications stop without a verdict (the next start resumes them), and auto-approvals under way; then Slack
  // (what it has not sent stays in the outbox for the next start); the database last.
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await detector?.stop();
        await fixer?.stop();
        await slack?.stop();
        await runner?.stop();
        await dashboard?.close();
      } finally {
        lease?.release();
        store.close();
      }
    })());

  try {
    const kube = await deps.connect();
    const runnerConfig = deps.inProcess
      ? { ...config, runner: { ...config.runner, mode: 'inprocess' as const } }
      : config;
    const started = await createRunner({ config: runnerConfig, kube, logger, env: deps.env });
    runner = started;
    await started.start();
    const access = started.access;
    // In job mode the Job slots are the limit; the diagnosis queue must not be the narrower one.
    const fixerConfig =
      started.mode === 'job'
        ? { ...config.fixer, concurrency: Math.max(config.fixer.concurrency, config.runner.job.concurrency) }
        : config.fixer;

    // Kept beside the database, so a thread question can resume the diagnosis's session (in-process runs only:
    // a Job's session ends with its pod).
    const sessionsDir = config.fixer.sessionsDir ?? join(dirname(config.databasePath), 'claude-sessions');

    // Hooks only name an incident: Slack re-reads it and shows what changed; the caller's hook comes after.
    const loop = startFixerWithPolicy({
      store,
      kube,
      config: fixerConfig,
      access,
      planClaude: started.planClaude,
      logger,
      policy: config.policy,
      // Always on: who manages a workload is shown even with no repository configured (then no PR is possible).
      gitops: { config: config.gitops, namespace: ownNamespace(deps.env) ?? 'clopus' },
      onPullRequest: (id) => slack?.sync(id),
      ...(started.mode === 'inprocess' ? { sessionsDir } : {}),
      sweepMs: deps.sweepMs,
      verifyPollMs: deps.verifyPollMs,
      onDiagnosis: (id, outcome) => {
        slack?.sync(id, { post: true });
        deps.onDiagnosis?.(id, outcome);
      },
      onAutoApprove: (id, outcome) => {
        slack?.sync(id);
        deps.onAutoApprove?.(id, outcome);
      },
      onVerdict: (id, result) => {
        slack?.sync(id);
        deps.onVerdict?.(id, result);
      },
    });
    fixer = loop;
    const watcher = new Detector({
      kube,
      store,
      config,
      logger,
      onIncidentReady: (id) => {
        loop.enqueue(id);
        slack?.sync(id, { post: true });
      },
    });
    detector = watcher;
    const opened = await openDashboard({
      config,
      store,
      logger,
      watch: () => watcher.health(),
      queued: () => started.stats().queued,
      anyPort: deps.dashboardAnyPort,
    });
    dashboard = opened.dashboard;
    let slackError: unknown;
    const watched = namespaceMatcher(config.namespaces);
    try {
      slack = await startSlack({
        env: deps.env,
        config,
        store,
        decisions: loop.decisions,
        logger,
        scan: async (namespaces) => scanOnce(kube, config, namespaces),
        watches: (ns) => watched(ns),
        health: () => watcher.health(),
        // Questions run in this process with the bot's own credentials (in job mode the runner holds none).
        conversation: createConversation({
          store,
          kube,
          config: runnerConfig,
          access: botModelAccess(config, deps.env, started.access, started.mode, logger),
          logger,
          sessionsDir,
        }),
      });
    } catch (err) {
      if (!deps.slackOptional) throw err;
      slackError = err;
    }
    await watcher.start();
    return {
      config,
      logger,
      store,
      kube,
      runner: started,
      access,
      fixer: loop,
      detector: watcher,
      dashboard: opened.dashboard,
      dashboardMovedFrom: opened.movedFrom,
      slack,
      slackError,
      leaseLost: lost.signal,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
