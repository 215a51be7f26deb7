// The fixer's background work in a running bot: diagnoses from a queue fed by the detector and a periodic sweep,
// verification of applied fixes, and recovery of work a stopped bot left behind. `serve` and the demo run this.
import type { Config } from '../config/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../logger.js';
import type { ModelAccess } from '../planner/index.js';
import { fixerKube } from '../planner/index.js';
import {
  createDecisionService,
  type DecideDeps,
  type DecisionResult,
  type DecisionService,
  recoverInterrupted,
  resumeDecisions,
  trackPullRequests,
  VerificationRunner,
} from '../remediation/index.js';
import {
  createDiagnosisQueue,
  type DiagnoseDeps,
  type DiagnoseOutcome,
  type DiagnosisQueue,
  sweepDiagnoses,
} from '../runner/index.js';
import type { Store } from '../store/index.js';

export interface FixerLoopOptions {
  store: Store;
  kube: KubeClient;
  config: Config['fixer'];
  access?: ModelAccess | undefined;
  /** Where the model runs (the runner's planner: in process or as a Job); the in-process planner when omitted. */
  planClaude?: DiagnoseDeps['planClaude'];
  logger: Logger;
  /** How often the sweep runs: diagnoses due, proposals to expire, applied fixes to verify. Default 30 s. */
  sweepMs?: number;
  verifyPollMs?: number;
  onDiagnosis?: (incidentId: number, outcome: DiagnoseOutcome) => void;
  onVerdict?: (incidentId: number, result: DecisionResult) => void;
  /** Pull requests for GitOps-managed workloads (gitops.repositories); without it every fix is live. */
  gitops?: { config: Config['gitops']; namespace: string };
  /** Called when a pull request moves its incident (merged, closed, synced). */
  onPullRequest?: (incidentId: number) => void;
  /** Where in-process diagnoses keep their Claude sessions, so a thread question can resume them. */
  sessionsDir?: string;
}

export interface FixerLoop {
  queue: DiagnosisQueue;
  verifier: VerificationRunner;
  /** Decisions taken in this process; applied fixes are verified here in the background. */
  decisions: DecisionService;
  /** For the detector's onIncidentReady. */
  enqueue(incidentId: number): void;
  sweep(): void;
  /** Follows the pull requests now, without waiting for the next poll; resolves when the pass ends. */
  trackPullRequests(): Promise<void>;
  stop(): Promise<void>;
}

/** Follows open and merged pull requests every `pollSeconds`, one pass at a time. */
function startTracking(deps: DecideDeps, verifier: VerificationRunner, opts: FixerLoopOptions, pollSeconds: number) {
  let running: Promise<unknown> | undefined;
  const pass = (): void => {
    if (running) return;
    running = trackPullRequests(deps, {
      onApplied: (id) => verifier.start(id),
      ...(opts.onPullRequest ? { onChange: opts.onPullRequest } : {}),
    })
      .then((sum) => opts.logger.debug(sum, 'pull requests tracked'))
      .catch((err: unknown) => opts.logger.warn({ err }, 'tracking pull requests failed'))
      .finally(() => {
        running = undefined;
      });
  };
  pass();
  const timer = setInterval(pass, pollSeconds * 1000);
  timer.unref();
  return {
    /** Runs a pass now (tests, the demo); resolves when it ends. */
    async now(): Promise<void> {
      await running;
      pass();
      await running;
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Starts the loop: first marks work left in `applying`/`approved` by a stopped bot as interrupted and resumes the
 * verification of applied fixes, then sweeps now and every `sweepMs`.
 */
export function startFixerLoop(opts: FixerLoopOptions): FixerLoop {
  const { store, kube, config, logger } = opts;
  const diagnoseDeps: DiagnoseDeps = {
    store,
    kube: fixerKube(kube),
    config,
    access: opts.access,
    logger,
    ...(opts.planClaude ? { planClaude: opts.planClaude } : {}),
    ...(opts.gitops ? { gitops: { ...opts.gitops, kube } } : {}),
    ...(opts.sessionsDir ? { sessionsDir: opts.sessionsDir } : {}),
  };
  const decideDeps: DecideDeps = {
    store,
    kube,
    config,
    logger,
    ...(opts.verifyPollMs ? { verifyPollMs: opts.verifyPollMs } : {}),
    ...(opts.gitops ? { gitops: opts.gitops } : {}),
    // Requested changes are diagnosed at once; the sweep would pick them up too, a little later.
    onRevision: (id) => queue.enqueue(id),
  };
  const queue = createDiagnosisQueue(diagnoseDeps, opts.onDiagnosis ? { onOutcome: opts.onDiagnosis } : {});
  const verifier = new VerificationRunner(decideDeps, opts.onVerdict ? { onResult: opts.onVerdict } : {});
  const decisions = createDecisionService(decideDeps, { verifier });

  const resumed = resumeDecisions(decideDeps, verifier);
  if (resumed.interrupted > 0 || resumed.verifying > 0) logger.info(resumed, 'resumed the work a stopped bot left');
  const sweep = (): void => {
    try {
      const diagnoses = sweepDiagnoses(diagnoseDeps, queue);
      const interrupted = recoverInterrupted(decideDeps);
      const verifying = verifier.sweep();
      logger.debug({ ...diagnoses, interrupted, verifying }, 'fixer sweep');
    } catch (err) {
      // A locked or unreadable database now is no reason to stop; the next sweep tries again.
      logger.warn({ err }, 'fixer sweep failed');
    }
  };
  sweep();
  const timer = setInterval(sweep, opts.sweepMs ?? 30_000);
  timer.unref();
  const tracker = opts.gitops ? startTracking(decideDeps, verifier, opts, opts.gitops.config.pollSeconds) : undefined;

  return {
    queue,
    verifier,
    decisions,
    sweep,
    enqueue: (id) => queue.enqueue(id),
    trackPullRequests: async () => tracker?.now(),
    async stop() {
      clearInterval(timer);
      await Promise.all([queue.stop(), verifier.stop(), tracker?.stop()]);
    },
  };
}
